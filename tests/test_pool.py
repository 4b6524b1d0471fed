"""The writer's own ``add_document`` (index/store/pool.py), which files a worker's analysed
postings a field at a time, writes the index Whoosh's ``add_document`` writes from the
plain texts: every term's postings (document, weight, positions), every field length and
stored value, across several runs of the posting pool."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage

from index.store import pool
from index.store.schema import analysed, schema
from tests.conftest import HARBOUR, ROOT


def _documents() -> list[dict[str, object]]:
    texts = sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))[:30]
    assert len(texts) > 10
    docs: list[dict[str, object]] = []
    for k, path in enumerate(texts):
        body = path.read_text(encoding="utf-8", errors="replace")
        doc: dict[str, object] = {
            "id": f"doc-{k}",
            "title": body.splitlines()[0] if body.strip() else "",
            "body": body,
            "source": "Wire Service" if k % 2 else "",
            "tags": "ports,strikes" if k % 3 else "",
            "see_also": "Dockers Walk Out\nHarbour Talks" if k % 4 == 0 else "",
            "entity": "Ilse Tamborin,Vélmora",
        }
        if k % 5:
            doc["date"] = datetime(2024, 1 + k % 12, 1 + k % 28)
        docs.append(doc)
    return docs


def _write(folder: Path, docs: list[dict[str, object]], ours: bool, codec: Any = None) -> None:
    ix = FileStorage(str(folder)).create().create_index(schema())
    writer = ix.writer(codec=codec)
    if ours:
        pool.use_block_pool(writer, 1)
        writer.pool.limit = 20_000  # bytes: several runs
    for doc in docs:
        writer.add_document(**(analysed(doc) if ours else doc))
    if ours:
        assert len(writer.pool.runs) > 3
    writer.commit()


def _contents(folder: Path) -> dict[str, object]:
    ix = FileStorage(str(folder)).open_index()
    with ix.searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            found = []
            while matcher.is_active():
                value = matcher.value()  # no value: None from a block, "" inlined
                found.append((matcher.id(), matcher.weight(), None if value == "" else value))
                matcher.next()
            info = reader.term_info(field, term)  # its length bounds come from the lengths
            postings[(field, term)] = (found, info.min_length(), info.max_length())
        names = sorted(reader.indexed_field_names())
        lengths = {
            (name, n): reader.doc_field_length(n, name)
            for name in names
            for n in reader.all_doc_ids()
        }
        stored = list(reader.all_stored_fields())
        return {
            "postings": postings,
            "lengths": lengths,
            "stored": stored,
            "count": reader.doc_count(),
        }


def test_filing_analysed_postings_writes_what_whoosh_writes(tmp_path: Path) -> None:
    docs = _documents()
    _write(tmp_path / "whoosh", docs, ours=False)
    _write(tmp_path / "ours", docs, ours=True)
    whoosh, ours = _contents(tmp_path / "whoosh"), _contents(tmp_path / "ours")
    assert ours == whoosh
    assert len(whoosh["postings"]) > 500 and whoosh["count"] == len(docs)  # type: ignore[arg-type]


def test_filing_analysed_postings_estimates_their_size_as_whoosh_does() -> None:
    """The pool spills to disk by its size estimate: filed by column, the postings of a
    field add what Whoosh's ``PostingPool.add`` adds for them one at a time."""
    from whoosh.writing import PostingPool

    from index.store import pool as ours
    from index.store.schema import Analyzed, columns, schema

    value = Analyzed(columns(HARBOUR * 3, schema()["body"].format))
    filed = ours.BlockPool(None, None, limitmb=32)
    length = ours._file_analyzed(filed, "body", 7, 1.0, value)
    whoosh = PostingPool(None, None, limitmb=32)
    for term, _freq, weight, vbytes in zip(*value, strict=True):
        whoosh.add(("body", term, 7, weight, vbytes))
    assert filed.currentsize == whoosh.currentsize > 0
    assert filed.current == whoosh.current
    assert length == sum(value[1])


def test_a_writer_merging_an_older_segment_writes_what_whoosh_writes(tmp_path: Path) -> None:
    """The commit reads the field lengths of the documents the writer added from its memory
    and those of a merged segment's from that segment: both as Whoosh would."""
    docs = _documents()
    for name, ours in (("whoosh", False), ("ours", True)):
        _write(tmp_path / name, docs[:12], ours)
        writer = FileStorage(str(tmp_path / name)).open_index().writer()
        if ours:
            pool.use_block_pool(writer, 1)
        for doc in docs[12:]:
            writer.add_document(**(analysed(doc) if ours else doc))
        writer.commit(optimize=True)  # the first segment merged into the new one
    whoosh, ours_found = _contents(tmp_path / "whoosh"), _contents(tmp_path / "ours")
    assert ours_found == whoosh
    assert whoosh["count"] == len(docs)
    assert len(FileStorage(str(tmp_path / "ours")).open_index()._segments()) == 1


def test_rare_terms_inlined_in_the_terms_file_read_as_whoosh_wrote_them(tmp_path: Path) -> None:
    """``pool.codec``: a term in fewer than ``INLINE`` documents keeps its postings in its
    terms-file entry (Whoosh's own writer could not: it calls a method its term info
    lacks), and reads back as Whoosh's default codec wrote it, also once merged."""
    docs = _documents()
    for name, ours in (("whoosh", False), ("ours", True)):
        _write(tmp_path / name, docs[:12], ours, codec=pool.codec() if ours else None)
        index = FileStorage(str(tmp_path / name)).open_index()
        writer = pool.writer(index, 1) if ours else index.writer()
        for doc in docs[12:]:
            writer.add_document(**(analysed(doc) if ours else doc))
        writer.commit(optimize=True)  # the first segment (its rare terms inlined) merged in
    assert _contents(tmp_path / "ours") == _contents(tmp_path / "whoosh")
    with FileStorage(str(tmp_path / "ours")).open_index().searcher() as searcher:
        reader = searcher.reader()
        inlined = {
            (field, term): reader.term_info(field, term).is_inlined()
            for field, term in reader.all_terms()
        }
        rare = {k for k in inlined if reader.doc_frequency(*k) < pool.INLINE}
    assert rare and len(rare) < len(inlined)
    assert {k for k, inline in inlined.items() if inline} == rare


def test_flush_files_leaves_nothing_for_a_forked_parent_to_write_twice(tmp_path: Path) -> None:
    """Before a child commits: the parent's copies of the new segment's file buffers are
    written when it lets go of its writer, into the files the child is writing."""
    ix = FileStorage(str(tmp_path)).create().create_index(schema())
    writer = ix.writer()
    pool.use_block_pool(writer, 1)
    for doc in _documents()[:3]:
        writer.add_document(**analysed(doc))
    terms = writer.fieldwriter._tindex.dbfile.file  # the terms file, its header buffered

    def pending() -> int:
        return int(terms.tell() - terms.raw.tell())

    assert pending() > 0
    pool.flush_files(writer)
    assert pending() == 0
    writer.commit()
    assert FileStorage(str(tmp_path)).open_index().doc_count() == 3
