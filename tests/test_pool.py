"""The writer's own ``add_document`` (index/store/pool.py), which files a worker's analysed
postings a field at a time, writes the index Whoosh's ``add_document`` writes from the
plain texts: every term's postings (document, weight, positions), every field length and
stored value, across several runs of the posting pool."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

from index.store import pool
from index.store.schema import analysed, schema
from tests.conftest import ROOT


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


def _write(folder: Path, docs: list[dict[str, object]], ours: bool) -> None:
    ix = FileStorage(str(folder)).create().create_index(schema())
    writer = ix.writer()
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
                found.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            postings[(field, term)] = found
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
