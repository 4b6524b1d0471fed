from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.config import EntityConfig
from index.entities.extractor import Extractor
from index.search import Searcher
from index.store import pipeline
from index.store.store import Store
from index.update import update_index
from tests.conftest import FEES, HARBOUR, ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures"


def make(corpus: Path, tmp_path: Path) -> Store:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    return store


def ids(store: Store) -> list[str]:
    assert store.catalog is not None
    return sorted(s.id for s in store.catalog.summaries())


def test_first_update_indexes_everything(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    report = update_index(store)
    assert (report.added, report.updated, report.removed, report.skipped) == (4, 0, 0, ())
    assert ids(store) == [
        "kessary-terminal",
        "orchards",
        "wire/2024/harbour-strike",
        "wire/port-fees",
    ]


def test_unchanged_corpus_does_no_work(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    report = update_index(store)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 4)


def test_add_change_delete_touch_only_that_document(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    searcher = Searcher(store)
    (corpus / "new.txt").write_text("Valdrian ferry operators announced a new route to Kessary.\n")
    fees = corpus / "wire" / "port-fees.txt"
    fees.write_text(fees.read_text().replace("dredging", "lighthouses"))
    os.utime(fees, (1, 1))
    (corpus / "orchards.txt").unlink()
    touched = corpus / "kessary-terminal.md"
    os.utime(touched, (2, 2))  # new mtime, same bytes: confirmed unchanged by hash

    report = update_index(store)
    assert (report.added, report.updated, report.removed) == (1, 1, 1)
    assert report.unchanged == 2
    assert "orchards" not in ids(store)
    assert searcher.search("ferry").hits[0].id == "new"
    assert [h.id for h in searcher.search("lighthouses").hits] == ["wire/port-fees"]
    assert searcher.search("dredging").total == 1  # only the strike story still says it
    assert searcher.search("orchard").total == 0


def test_reopened_index_keeps_articles(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    store.close()
    again = make(corpus, tmp_path)
    assert again.repaired == ""
    assert len(ids(again)) == 4
    assert update_index(again).unchanged == 4


def test_damaged_index_is_rebuilt_and_loses_nothing(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    store.close()
    for name in os.listdir(tmp_path / "index" / "whoosh"):
        if name.endswith(".toc"):
            os.remove(tmp_path / "index" / "whoosh" / name)
    again = make(corpus, tmp_path)
    assert again.repaired
    report = update_index(again)
    assert report.rebuilt and report.added == 4
    assert Searcher(again).search("dockers").total == 2


def test_garbage_catalog_is_rebuilt(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    store.close()
    (tmp_path / "index" / "catalog.sqlite").write_bytes(b"garbage" * 100)
    again = make(corpus, tmp_path)
    assert update_index(again).added == 4


def test_bad_files_are_skipped_and_the_rest_index(corpus: Path, tmp_path: Path) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    (corpus / "latin.txt").write_bytes("Caf\xe9 owners in Valdria protested.".encode("latin-1"))
    (corpus / "broken.md").write_bytes(b"---\ntitle: [oops\n---\nThe body survives.\n")
    store = make(corpus, tmp_path)
    report = update_index(store)
    skipped = {Path(p.path).name: p.reason for p in report.skipped}
    assert set(skipped) == {"empty.txt", "photo.txt"}
    warned = {Path(p.path).name for p in report.warnings}
    assert {"latin.txt", "broken.md"} <= warned
    assert "latin" in ids(store) and "broken" in ids(store)
    assert store.catalog is not None
    skipped_again, _ = store.catalog.problems()
    assert len(skipped_again) == 2


def test_unreadable_file_keeps_its_indexed_version(corpus: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        # root reads anything; simulate by replacing the file with a folder of the same name
        store = make(corpus, tmp_path)
        update_index(store)
        target = corpus / "orchards.txt"
        target.unlink()
        target.mkdir()
        report = update_index(store)
        assert "orchards" not in ids(store) or report.removed == 0
        shutil.rmtree(target)
        return
    store = make(corpus, tmp_path)
    update_index(store)
    target = corpus / "orchards.txt"
    target.chmod(0)
    os.utime(target, (5, 5))
    try:
        report = update_index(store)
    finally:
        target.chmod(0o644)
    assert any("orchards" in p.path for p in report.skipped)
    assert "orchards" in ids(store)


def test_rebuild_flag(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    report = update_index(store, rebuild=True)
    assert report.rebuilt == "asked for" and report.added == 4


def test_entities_are_stored_per_article_and_corpus_wide(corpus: Path, tmp_path: Path) -> None:
    store = make(corpus, tmp_path)
    update_index(store)
    assert store.catalog is not None
    found = {e.name: e for e in store.catalog.article_entities("wire/port-fees")}
    assert found["Marta Velkovan"].label == "PERSON"
    key = found["Marta Velkovan"].key
    articles = sorted(row[0] for row in store.catalog.entity_articles(key))
    assert articles == ["wire/2024/harbour-strike", "wire/port-fees"]
    mentions = store.catalog.article_mentions("wire/port-fees")
    body = store.catalog.article("wire/port-fees").body
    assert mentions and all(body[m.start : m.end] == m.text for m in mentions)
    assert store.catalog.entity_document_counts([key]) == {key: 2}
    # Removing an article removes its entity rows.
    (corpus / "wire" / "port-fees.txt").unlink()
    update_index(store)
    assert [row[0] for row in store.catalog.entity_articles(key)] == ["wire/2024/harbour-strike"]
    assert store.catalog.entity_document_counts([key]) == {key: 1}  # recounted incrementally
    assert Searcher(store).search('entity:"marta velkovan"').total == 1


def kept(folder: Path, config: EntityConfig | None = None) -> Path:
    """The file keeping the extractor of the index at ``folder``."""
    config = config or EntityConfig()
    return pipeline.kept_file(config, pipeline.keeping(folder))


def test_extractor_is_kept_in_the_user_cache_and_loaded_by_the_next_process_for_any_index(
    corpus: Path, tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    assert kept(store.path).parent == isolated_cache / "storyline" / "extractors"
    assert kept(store.path).exists()
    built = pipeline.extractor(EntityConfig())
    text = (corpus / "wire" / "2024" / "harbour-strike.txt").read_text()
    monkeypatch.setattr(pipeline, "_extractors", {})  # as in a new process

    def no_building(*_: object, **__: object) -> None:
        raise AssertionError("built again")

    monkeypatch.setattr(Extractor, "__init__", no_building)
    loaded = pipeline.extractor(EntityConfig(), tmp_path / "another index")
    assert loaded is not built
    assert loaded.extract(text) == built.extract(text)
    assert loaded.entities(loaded.extract(text)) == built.entities(built.extract(text))


@pytest.mark.parametrize("child", ["builds it", "fails"])
def test_a_build_with_workers_has_the_extractor_built_by_a_child_and_loads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, child: str
) -> None:
    """Before forking its workers, a large build has a child build and keep the extractor,
    then loads it: the gazetteer's sources never enter the process that builds the index.
    If the child fails, the process builds it itself."""
    text = HARBOUR
    expected = pipeline._build(EntityConfig()).extract(text)
    monkeypatch.setattr(pipeline, "_extractors", {})
    parent = os.getpid()
    real = pipeline._build
    built_here: list[int] = []

    def build(config: EntityConfig) -> Extractor:
        if os.getpid() == parent:
            built_here.append(parent)
        elif child == "fails":
            os._exit(3)
        return real(config)

    monkeypatch.setattr(pipeline, "_build", build)
    found = pipeline.extractor(EntityConfig(), tmp_path, apart=True)
    assert found.extract(text) == expected
    assert built_here == ([] if child == "builds it" else [parent])
    assert kept(tmp_path).exists()


@pytest.mark.parametrize("trouble", ["other code or data", "garbage", "another config"])
def test_kept_extractor_is_built_again_when_it_may_differ(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trouble: str
) -> None:
    config = EntityConfig()
    pipeline.extractor(config, tmp_path)
    assert kept(tmp_path).exists()
    if trouble == "garbage":
        kept(tmp_path).write_bytes(b"\x80\x05not a pickle")
    elif trouble == "other code or data":
        stamp = pipeline._stamp(config)
        monkeypatch.setattr(pipeline, "_stamp", lambda _config: (*stamp, "changed"))
    else:
        config = EntityConfig(suppress=("Port Elsin",))
    monkeypatch.setattr(pipeline, "_extractors", {})  # as in a new process
    built: list[Extractor] = []
    real = Extractor.__init__

    def counted(self: Extractor, *args: object, **kwargs: object) -> None:
        built.append(self)
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Extractor, "__init__", counted)
    found = pipeline.extractor(config, tmp_path)
    assert built == [found]
    assert found.suppress == frozenset(s.lower() for s in config.suppress)


def test_extractor_is_kept_in_the_index_folder_when_the_cache_cannot_be_written(
    tmp_path: Path, isolated_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    isolated_cache.mkdir()
    (isolated_cache / "storyline").write_text("a file where the cache folder would be")
    pipeline.extractor(EntityConfig(), tmp_path)
    assert pipeline.keeping(tmp_path) == tmp_path
    assert kept(tmp_path).exists()
    assert not (isolated_cache / "storyline").is_dir()


def test_differently_configured_extractors_are_kept_apart(tmp_path: Path) -> None:
    other = EntityConfig(suppress=("Port Elsin",))
    assert kept(tmp_path) != kept(tmp_path, other)
    pipeline.extractor(EntityConfig(), tmp_path)
    pipeline.extractor(other, tmp_path)
    assert kept(tmp_path).exists() and kept(tmp_path, other).exists()


def test_a_large_build_commits_the_full_text_index_in_a_child_process(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build past COMMIT_APART_FROM files commits Whoosh in a forked child while the
    links are built: the index it leaves answers as one committed in-process does."""
    import index.update

    apart = make(corpus, tmp_path / "apart")
    used = []
    commit_apart = Store.commit_apart
    monkeypatch.setattr(index.update, "COMMIT_APART_FROM", 1)

    def counted(self: Store, writer: object) -> object:
        started = commit_apart(self, writer)  # type: ignore[arg-type]
        used.append(len(self._words))  # the words went to the catalog, not kept
        return started

    monkeypatch.setattr(Store, "commit_apart", counted)
    update_index(apart)
    monkeypatch.setattr(index.update, "COMMIT_APART_FROM", 10**9)
    inline = make(corpus, tmp_path / "inline")
    update_index(inline)
    assert used == [0]
    assert ids(apart) == ids(inline)
    words = "SELECT * FROM words ORDER BY word"
    assert apart.catalog is not None and inline.catalog is not None
    assert apart.catalog.db.execute(words).fetchall() == inline.catalog.db.execute(words).fetchall()
    assert len(apart.catalog.db.execute(words).fetchall()) > 50
    # Filled unindexed in a build, then indexed (``count_words``): the lookups still use them.
    plan = "EXPLAIN QUERY PLAN SELECT word FROM words WHERE after=? AND length BETWEEN 4 AND 6"
    assert "words_after" in str(apart.catalog.db.execute(plan, ("ar",)).fetchall())
    assert apart.counts() == inline.counts() == (4, 4)
    for query in ("harbour", "strike OR orchards", '"port fees"'):
        found = [h.id for h in Searcher(apart).search(query).hits]
        assert found and found == [h.id for h in Searcher(inline).search(query).hits]


def test_a_failed_commit_apart_fails_the_update_and_loses_nothing(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.writing import SegmentWriter

    import index.update

    store = make(corpus, tmp_path)
    monkeypatch.setattr(index.update, "COMMIT_APART_FROM", 1)
    monkeypatch.setattr(SegmentWriter, "commit", lambda self, *a, **k: 1 / 0)
    with pytest.raises(OSError, match="writing the full-text index failed"):
        update_index(store)
    monkeypatch.undo()
    store.close()  # the failed process ends here
    store = make(corpus, tmp_path)  # as the next run would: the index is whole again
    update_index(store)
    assert len(ids(store)) == 4
    assert store.counts() == (4, 4)


def test_text_analysed_in_the_workers_indexes_as_text_analysed_by_the_writer(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers hand the writer each article's postings already worked out (``Analyzed``);
    the full-text index is the same as when the writer analyses the text itself."""
    from index.store import pipeline

    def postings(store: Store) -> list[tuple[str, bytes, list[tuple[int, float, bytes]]]]:
        assert store.ix is not None
        with store.ix.reader() as reader:
            return [
                (field, term, list(reader.postings(field, term).all_items()))
                for field, term in reader.all_terms()
                if field in ("title", "body", "see_also")
            ]

    worked_out = make(corpus, tmp_path / "workers")
    update_index(worked_out)
    monkeypatch.setattr(pipeline, "analysed", lambda doc: doc)  # the writer analyses
    by_writer = make(corpus, tmp_path / "writer")
    update_index(by_writer)
    found = postings(worked_out)
    assert len(found) > 100
    assert found == postings(by_writer)


@pytest.mark.parametrize("field", ["title", "body", "see_also"])
def test_one_pass_postings_are_what_the_analyzer_chain_gives(field: str) -> None:
    """``schema.postings`` (one pass, the worker's) yields what Whoosh's analyzer chain
    yields: terms, counts, weights (the title's boost) and positions after stop words."""
    from index.store import schema

    texts = [
        SEED.read_text(encoding="utf-8"),
        HARBOUR,
        FEES,
        *(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.rglob("*.txt"))),
        "Zürich naïve ĞİŞ İstanbul ǅemal Straße ﬁnance Ωmega Ｆｕｌｌ x.y.z e.g. 3.14 a b",
        "The the THE of a I x y. Stop words first, then words: ends with the",
        "a.b.c..d 12.5.2019 U.S.A. __init__ don't l'Hôpital 日本 北京 ٣٤ café",
        "",
        " \n\t ",
    ]
    made = schema.schema()[field]
    for text in texts:
        assert schema.postings(text, made.format) == list(made.index(text)), text[:60]


def test_the_block_pool_sorts_postings_across_many_runs_and_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoosh's posting pool, writing its runs a block at a time (``index.store.pool``),
    gives back every posting in order, across runs and across blocks."""
    import random

    from whoosh.filedb.filestore import FileStorage

    from index.store import pool

    monkeypatch.setattr(pool, "BLOCK", 7)
    storage = FileStorage(str(tmp_path)).create()
    sorting = pool.BlockPool(storage, None, limitmb=1)
    sorting.limit = 2000  # bytes: a run every ~20 postings
    rng = random.Random(3)
    postings = [
        (
            "body",
            f"w{rng.randrange(50)}".encode(),
            rng.randrange(100),
            1.0,
            b"\x01" * rng.randrange(3),
        )
        for _ in range(500)
    ]
    for item in postings:
        sorting.add(item)
    assert len(sorting.runs) > 10
    assert list(sorting.items(maxfiles=4)) == sorted(postings)
    assert not list(tmp_path.iterdir())  # the runs are removed once read


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
def test_ascii_text_is_tokenised_as_the_unicode_patterns_do(text: str) -> None:
    """The ASCII twins of the tokenising patterns (cheaper on ASCII text) find the same."""
    from index.store import schema

    low = text.lower()
    assert schema._MATCHES_ASCII.findall(text) == schema._MATCHES.findall(text)
    assert schema.tokens(low) == schema._MATCHES.findall(low)
    assert schema._ASCII_WORD.findall(text) == schema._WORD.findall(text)
    long = "x" * (schema.MAX_WORD + 1)
    unicode_words = {w for w in schema._WORD.findall(low + " " + long) if len(w) <= 40}
    assert schema.words_of(text + " " + long) == unicode_words
