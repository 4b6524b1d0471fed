"""An incremental update leaves the index as a full build of the same files would.

The changed article's full-text terms, catalog rows, entities, key terms, references,
duplicates and related list, and the corpus-wide word and entity counts, are compared with
a fresh build of the same corpus, value for value.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from index.links import views as links
from index.store.store import Store
from index.update import update_index

FIXTURE = Path(__file__).parent / "fixtures" / "linked"
CHANGED = "wire/talks-collapse"
ADDED = "wire/talks-resume"
# A new sentence: new words, a new person, an accented word (the index folds accents, the
# key terms count words as written) and a reporting verb the key terms leave out.
SENTENCE = (
    "Mediator Ilse Tamborin reported from Vélmora that dockers and ministers would meet"
    " again, and the harbour pilots joined the dockers' strike."
)


def _build(root: Path, corpus: Path) -> Store:
    store = Store(root / "index", [corpus])
    store.open()
    update_index(store)
    return store


def _bump(path: Path) -> None:
    later = time.time() + 5
    os.utime(path, (later, later))


def _index_terms(store: Store) -> dict[tuple[str, str], list[str]]:
    """Every (field, term) of the full-text index with the ids of the live articles holding
    it (deleted documents left out, as a search leaves them out)."""
    assert store.ix is not None
    found: dict[tuple[str, str], list[str]] = {}
    with store.ix.searcher() as searcher:
        reader = searcher.reader()
        ids = {n: fields["id"] for n, fields in reader.iter_docs()}
        for field, term in reader.all_terms():
            if field == "id":
                continue
            docs = sorted(ids[n] for n in reader.postings(field, term).all_ids())
            if docs:
                found[(field, term if isinstance(term, str) else repr(term))] = docs
    return found


def _rows(store: Store, sql: str, *args: object) -> list[tuple[Any, ...]]:
    """The rows, in the query's order if it has one, else sorted."""
    assert store.catalog is not None
    rows = store.catalog.db.execute(sql, args).fetchall()
    return rows if "ORDER BY" in sql else sorted(rows, key=repr)


def _article_state(store: Store, article_id: str) -> dict[str, Any]:
    """What the catalog holds about one article, by id (article numbers are store-local)."""
    ranked = """SELECT r.rank, o.id, r.score, r.reasons FROM link_ranked r
        JOIN link_ids s ON s.n = r.n JOIN link_ids o ON o.n = r.other WHERE s.id = ?
        ORDER BY r.rank"""
    copies = """SELECT c.rank, o.id FROM link_copies c
        JOIN link_ids s ON s.n = c.n JOIN link_ids o ON o.n = c.other WHERE s.id = ?
        ORDER BY c.rank"""
    keyterms = """SELECT k.term, k.weight FROM link_keyterms k JOIN link_ids s ON s.n = k.n
        WHERE s.id = ?"""
    refs = "SELECT position, written, norm, target, how, score, others FROM link_refs"
    return {
        "article": _rows(store, "SELECT * FROM articles WHERE id=?", article_id),
        "mentions": _rows(store, "SELECT * FROM mentions WHERE article_id=?", article_id),
        "entities": _rows(store, "SELECT * FROM article_entities WHERE article_id=?", article_id),
        "link_article": _rows(store, "SELECT * FROM link_articles WHERE article_id=?", article_id),
        "keyterms": _rows(store, keyterms, article_id),
        "related": _rows(store, ranked, article_id),
        "copies": _rows(store, copies, article_id),
        "refs_from": _rows(store, refs + " WHERE source=?", article_id),
        "refs_to": _rows(
            store, "SELECT source, position FROM link_refs WHERE target=?", article_id
        ),
    }


def _corpus_state(store: Store) -> dict[str, Any]:
    """The corpus-wide counts. (``entity_surfaces`` is left out: a lookup aid that keeps
    every spelling ever seen of a live entity.)"""
    return {
        "words": _rows(store, "SELECT * FROM words"),
        "entities": _rows(store, "SELECT * FROM entities"),
        "entity_aliases": _rows(store, "SELECT * FROM entity_aliases"),
        "key_term_df": _rows(store, "SELECT * FROM link_df"),
        "index": _index_terms(store),
    }


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = tmp_path / "linked"
    shutil.copytree(FIXTURE, root)
    return root


def _append(path: Path, sentence: str) -> None:
    path.write_text(path.read_text().rstrip("\n") + "\n" + sentence + "\n")
    _bump(path)


def test_one_changed_file_matches_a_full_build(linked: Path, tmp_path: Path) -> None:
    store = _build(tmp_path / "a", linked)
    path = linked / (CHANGED + ".txt")
    _append(path, SENTENCE)
    report = update_index(store)
    assert report.updated == 1
    fresh = _build(tmp_path / "b", linked)
    assert _article_state(store, CHANGED) == _article_state(fresh, CHANGED)
    assert _corpus_state(store) == _corpus_state(fresh)


def test_changed_twice_and_back_matches_a_full_build(linked: Path, tmp_path: Path) -> None:
    """Counts taken away and added again come back to the full build's (no drift)."""
    store = _build(tmp_path / "a", linked)
    path = linked / (CHANGED + ".txt")
    original = path.read_text()
    _append(path, SENTENCE)
    update_index(store)
    path.write_text(original)
    _bump(path)
    update_index(store)
    fresh = _build(tmp_path / "b", linked)
    assert _article_state(store, CHANGED) == _article_state(fresh, CHANGED)
    assert _corpus_state(store) == _corpus_state(fresh)


def test_removed_and_added_files_match_a_full_build(linked: Path, tmp_path: Path) -> None:
    """With an article fewer or more every weight moves a little (there are fewer or more
    documents): an update keeps the counts exact and reweighs the articles it wrote."""
    store = _build(tmp_path / "a", linked)
    (linked / "features" / "sokolova-profile.txt").unlink()
    update_index(store)
    assert _corpus_state(store) == _corpus_state(_build(tmp_path / "b", linked))
    added = linked / (ADDED + ".txt")
    added.write_text("Port Elsin Talks Resume\n" + SENTENCE + "\n")
    update_index(store)
    fresh = _build(tmp_path / "c", linked)
    assert _corpus_state(store) == _corpus_state(fresh)
    mine, full = _article_state(store, ADDED), _article_state(fresh, ADDED)
    assert {r[1] for r in mine.pop("related")[:3]} == {r[1] for r in full.pop("related")[:3]}
    assert mine == full


def test_update_stopped_before_its_links_is_finished_by_the_next(
    linked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files were written and committed, then the process stopped: what it had not yet
    counted (entities, key terms, related lists) is redone by the next update."""
    store = _build(tmp_path / "a", linked)
    _append(linked / (CHANGED + ".txt"), SENTENCE)

    def stopped(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(links, "refresh", stopped)
    with pytest.raises(KeyboardInterrupt):
        update_index(store)
    store.close()  # what was not committed is lost, as when a process is killed
    monkeypatch.undo()
    again = Store(tmp_path / "a" / "index", [linked])
    again.open()
    assert update_index(again).updated == 0  # the file itself was written
    fresh = _build(tmp_path / "b", linked)
    assert _article_state(again, CHANGED) == _article_state(fresh, CHANGED)
    assert _corpus_state(again) == _corpus_state(fresh)


def test_a_links_rebuild_from_the_catalog_matches_the_counts_the_workers_spooled(
    linked: Path, tmp_path: Path
) -> None:
    """A build weighs key terms from the counts the workers made as they read each article
    (``Spool``); a links rebuild with nothing written (a new links version) counts them
    from the catalog's text instead. Both give the same tables, value for value."""
    from index.links import build

    store = _build(tmp_path / "a", linked)
    ids = [r[0] for r in _rows(store, "SELECT id FROM articles")]
    spooled = {i: _article_state(store, i) for i in ids}, _corpus_state(store)
    build.refresh(store, set(), set(), full=True)
    assert store.catalog is not None
    store.catalog.commit()
    assert ({i: _article_state(store, i) for i in ids}, _corpus_state(store)) == spooled
    assert len(ids) > 5 and any(state["related"] for state in spooled[0].values())


def test_ranking_workers_that_forget_profiles_rank_as_those_that_keep_them(
    linked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ranking process keeps candidates' profiles up to a byte budget; with room for one
    only (each rebuilt from the packed vectors again and again), every list is the same."""
    from index.links import build, ranking

    store = _build(tmp_path / "a", linked)
    ids = [r[0] for r in _rows(store, "SELECT id FROM articles")]
    kept = {i: _article_state(store, i)["related"] for i in ids}
    monkeypatch.setattr(ranking, "PROFILE_BYTES", 0)
    monkeypatch.setattr(ranking, "MIN_PROFILES", 1)
    monkeypatch.setattr(ranking, "CHUNK", 3)  # candidates from other chunks: the kept ones
    build.refresh(store, set(), set(), full=True)
    assert {i: _article_state(store, i)["related"] for i in ids} == kept
    assert sum(len(related) for related in kept.values()) > 10


def test_the_spool_gives_each_wanted_article_its_latest_counts(tmp_path: Path) -> None:
    from index.links.changes import Spool

    spool = Spool(tmp_path)
    spool.add("a", ("h1", {"dock": 2}, {"dock": "docks"}))
    spool.add("b", ("h2", {"pilot": 1}, {"pilot": "pilot"}))
    spool.add("a", ("h3", {"strike": 1}, {"strike": "strike"}))  # written again
    spool.add("gone", ("h4", {"harbour": 1}, {"harbour": "harbour"}))
    wanted = {"a", "b"}
    expected = [
        ("b", ("h2", {"pilot": 1}, {"pilot": "pilot"})),
        ("a", ("h3", {"strike": 1}, {"strike": "strike"})),
    ]
    assert list(spool.records(wanted)) == expected
    assert list(spool.records(wanted)) == expected  # read again, as a build does
    spool.add("b", ("h5", {}, {}))  # added after a reading
    assert dict(spool.records(wanted))["b"] == ("h5", {}, {})
    spool.close()
    assert list(spool.records(wanted)) == [] and not list(tmp_path.iterdir())


def test_the_spool_counts_frequencies_over_the_latest_wanted_records(tmp_path: Path) -> None:
    from index.links.changes import Spool

    spool = Spool(tmp_path)
    spool.add("a", ("h1", {"dock": 2, "strike": 1}, {}))
    spool.add("b", ("h2", {"dock": 1}, {}))
    assert spool.frequencies({"a", "b"}) == {"dock": 2, "strike": 1}
    assert spool.frequencies({"b"}) == {"dock": 1}  # "a" removed since
    spool.add("a", ("h3", {"pilot": 1}, {}))  # written again
    assert spool.frequencies({"a", "b"}) == {"dock": 1, "pilot": 1}


def _lists(store: Store) -> dict[str, list[tuple[str, float]]]:
    assert store.catalog is not None
    return {
        row.id: [(r[0], r[1]) for r in store.catalog.link_related(row.id, 20)]
        for row in store.catalog.summaries()
    }


@pytest.mark.parametrize("edited", ["wire/strike-begins", "features/election-results", CHANGED])
def test_lists_holding_an_edited_article_are_rescored_in_place_as_ranking_would(
    linked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edited: str
) -> None:
    """After one edit, the lists that hold the article below their top (and its new
    neighbours') are updated in place: the same rows, scores and order as ranking each of
    them again, but for scores tied to the fourth decimal. An article with a copy (CHANGED)
    is left to ranking again: the lists that held one copy for both now hold both."""
    from index.links import build, rescoring

    shutil.copytree(linked, tmp_path / "again")
    stores = {
        "in_place": _build(tmp_path / "a", linked),
        "ranked": _build(tmp_path / "b", tmp_path / "again"),
    }
    for root in (linked, tmp_path / "again"):
        _append(root / (edited + ".txt"), SENTENCE)
    done: list[bool] = []
    rescore = rescoring.rescore

    def counted(*args: Any) -> bool:
        done.append(rescore(*args))
        return done[-1]

    monkeypatch.setattr(build.rescoring, "rescore", counted)
    update_index(stores["in_place"])
    monkeypatch.setattr(build.rescoring, "rescore", lambda *args: False)
    update_index(stores["ranked"])
    assert (True in done) if edited != CHANGED else not done
    in_place, ranked = _lists(stores["in_place"]), _lists(stores["ranked"])
    assert in_place.keys() == ranked.keys()
    for article_id, rows in ranked.items():
        mine = in_place[article_id]
        assert sorted(mine) == sorted(rows), article_id
        assert [s for _, s in mine] == sorted((s for _, s in mine), reverse=True)
