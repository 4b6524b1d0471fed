"""Rebuilds never take search away: built beside the live index, swapped in when complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from index import update
from index.search import Searcher
from index.store.store import INDEX_VERSION, Store
from index.update import update_index


def built(corpus: Path, tmp_path: Path) -> Store:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    return store


def reader(tmp_path: Path, corpus: Path) -> Searcher:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    return Searcher(store)


def test_search_answers_from_the_live_index_during_a_rebuild(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = built(corpus, tmp_path)
    searcher = reader(tmp_path, corpus)
    during: list[int] = []
    real = update._update

    def spy(target: Store, progress: Any) -> Any:
        if target.path != store.path:  # the rebuild's own folder
            during.append(searcher.search("dockers").total)
            during.append(reader(tmp_path, corpus).search("dockers").total)  # a new reader
        return real(target, progress)

    monkeypatch.setattr(update, "_update", spy)
    report = update_index(store, rebuild=True)
    assert report.rebuilt == "asked for"
    assert during == [2, 2]
    assert searcher.search("dockers").total == 2  # now from the new index
    assert not searcher.store.swapped()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("index")) == [
        "index",
        "index.lock",
    ]


def test_a_killed_rebuild_leaves_the_live_index_untouched(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = built(corpus, tmp_path)
    real = update._update

    def killed(target: Store, progress: Any) -> Any:
        if target.path != store.path:
            real(target, progress)
            raise KeyboardInterrupt  # after writing everything, before the swap
        return real(target, progress)

    monkeypatch.setattr(update, "_update", killed)
    with pytest.raises(KeyboardInterrupt):
        update_index(store, rebuild=True)
    assert reader(tmp_path, corpus).search("dockers").total == 2
    monkeypatch.setattr(update, "_update", real)
    store = Store(tmp_path / "index", [corpus])
    store.open()
    assert update_index(store, rebuild=True).added == 4
    assert not (tmp_path / "index.new").exists()


def test_an_old_format_keeps_answering_until_rebuilt(corpus: Path, tmp_path: Path) -> None:
    store = built(corpus, tmp_path)
    assert store.catalog is not None
    store.catalog.set_meta("version", "4")
    store.catalog.commit()
    store.close()
    old = Store(tmp_path / "index", [corpus])
    old.open()
    assert old.outdated == f"index version 4 is not {INDEX_VERSION}"
    assert Searcher(old).search("dockers").total == 2
    report = update_index(old)
    assert report.rebuilt == old_reason(INDEX_VERSION)
    assert (old.outdated, report.added) == ("", 4)
    assert old.catalog is not None and old.catalog.get_meta("version") == INDEX_VERSION


def old_reason(version: str) -> str:
    return f"index version 4 is not {version}"


def test_a_build_from_empty_ends_with_one_segment(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(update, "BATCH", 1)
    store = built(corpus, tmp_path)
    assert store.ix is not None
    with store.ix.searcher() as searcher:
        assert len(searcher.reader().leaf_readers()) == 1
