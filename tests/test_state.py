"""The reader's remembered state: per corpus, shared by two readers, never a crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tui.state import State, state_path


def test_state_lasts_between_runs(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    state = State(path)
    state.set_read("wire/a")
    state.set_read("wire/b")
    state.set_read("wire/b", False)
    state.set_bookmark("wire/a", True)
    state.add_search("harbour strike")
    state.add_search("dredging")
    state.add_search("harbour strike")  # again: now the latest
    state.put("last_article", "wire/a")
    state.close()
    again = State(path)
    assert again.problem == ""
    assert again.read_ids() == {"wire/a"}
    assert again.bookmarks() == ["wire/a"]
    assert again.history() == ["dredging", "harbour strike"]
    assert again.get("last_article") == "wire/a" and again.get("missing", "x") == "x"


def test_two_readers_share_one_state(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    first, second = State(path), State(path)
    first.set_bookmark("a", True)
    second.set_bookmark("b", True)
    second.set_read("c")
    assert set(first.bookmarks()) == {"a", "b"} and first.read_ids() == {"c"}
    assert first.problem == second.problem == ""


def test_a_corrupt_state_file_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    state = State(path)
    assert "set aside" in state.problem
    state.set_read("a")
    assert state.read_ids() == {"a"}
    assert [p.name for p in tmp_path.iterdir() if ".bad-" in p.name]


def test_a_foreign_database_is_set_aside_not_changed(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE accounts (name TEXT)")
    db.execute("INSERT INTO accounts VALUES ('kept')")
    db.commit()
    db.close()
    state = State(path)
    assert "not a storyline state file" in state.problem
    aside = next(p for p in tmp_path.iterdir() if ".bad-" in p.name and p.suffix != ".sqlite-wal")
    assert sqlite3.connect(aside).execute("SELECT name FROM accounts").fetchall() == [("kept",)]


def test_each_corpus_has_its_own_state(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert state_path([a], tmp_path) != state_path([b], tmp_path)
    assert state_path([a, b], tmp_path) == state_path([b, a], tmp_path)


def test_an_unwritable_place_is_a_message_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    state = State(blocker / "s.sqlite")  # a file where the folder should be
    assert "cannot keep" in state.problem
    state.set_read("a")
    assert state.read_ids() == set()
