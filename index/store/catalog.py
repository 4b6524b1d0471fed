"""The catalog: an SQLite file beside the Whoosh index holding what the index does not.

It is the manifest (path, size, mtime, hash of every indexed file), the articles' text and
metadata (stored once, here, not in Whoosh), the problems met at the last update, and the
tables that entities and cross-references fill. Listing 100k articles is one query.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import NamedTuple

from index.model import Article, Problem, Summary
from index.store.catalog_entities import ENTITY_TABLES, EntityTables
from index.store.catalog_links import LINK_TABLES, LinkTables
from index.store.catalog_words import WORD_TABLES, WordTables

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER, mtime REAL, hash TEXT,
    title TEXT, title_derived INTEGER, date TEXT, source TEXT, url TEXT,
    tags TEXT, see_also TEXT, paragraphs TEXT, see_also_at TEXT, date_precision TEXT, meta TEXT
);
-- The manifest from an index, not a pass over every article's text (3x faster at 10k).
CREATE INDEX IF NOT EXISTS articles_manifest ON articles(id, path, size, mtime, hash);
CREATE TABLE IF NOT EXISTS problems (path TEXT, reason TEXT, line INTEGER, skipped INTEGER);
"""


class ManifestEntry(NamedTuple):
    """What the last update saw of an article's file."""

    path: str
    size: int
    mtime: float
    hash: str


class Catalog(EntityTables, LinkTables, WordTables):
    """One SQLite connection to the catalog; cheap to open.

    The entity and cross-reference tables and their queries live in their own modules
    (``catalog_entities.py``, ``catalog_links.py``); this class holds the articles.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_TABLES + ENTITY_TABLES + LINK_TABLES + WORD_TABLES)
        self._dirty: set[str] = set()  # entity keys whose corpus-wide counts must be redone

    def close(self) -> None:
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def manifest(self) -> dict[str, ManifestEntry]:
        rows = self.db.execute("SELECT id, path, size, mtime, hash FROM articles")
        return {row[0]: ManifestEntry._make(row[1:]) for row in rows}

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def put(self, articles: Iterable[Article]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    a.id,
                    a.path,
                    a.size,
                    a.mtime,
                    a.content_hash,
                    a.title,
                    int(a.title_derived),
                    a.date.isoformat() if a.date else None,
                    a.source,
                    a.url,
                    json.dumps(a.tags),
                    json.dumps(a.see_also),
                    json.dumps(a.paragraphs),
                    json.dumps(a.see_also_at),
                    a.date_precision,
                    json.dumps(a.meta),
                )
                for a in articles
            ),
        )

    def touch(self, article_id: str, mtime: float, size: int | None = None) -> None:
        """Record a new mtime (and size) for an article whose content did not change.

        An article that is one of many in a file (a feed item, a JSON line) keeps its
        content when another part of the file changes; the file's new size is recorded too.
        """
        if size is None:
            self.db.execute("UPDATE articles SET mtime=? WHERE id=?", (mtime, article_id))
        else:
            self.db.execute(
                "UPDATE articles SET mtime=?, size=? WHERE id=?", (mtime, size, article_id)
            )

    def delete(self, ids: Iterable[str]) -> None:
        rows = [(i,) for i in ids]
        for row in rows:
            self._mark_dirty(row[0])
        self.db.executemany("DELETE FROM articles WHERE id=?", rows)
        self.db.executemany("DELETE FROM mentions WHERE article_id=?", rows)
        self.db.executemany("DELETE FROM article_entities WHERE article_id=?", rows)

    def commit(self) -> None:
        self.db.commit()

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        return _article(row) if row else None

    def articles(self) -> Iterator[Article]:
        for row in self.db.execute("SELECT * FROM articles ORDER BY id"):
            yield _article(row)

    def summaries(self) -> list[Summary]:
        """Every article's list row, newest first where dated, then by title."""
        rows = self.db.execute(
            "SELECT id, title, date, source FROM articles"
            " ORDER BY date IS NULL, date DESC, title COLLATE NOCASE"
        ).fetchall()
        return [Summary(r[0], r[1], date.fromisoformat(r[2]) if r[2] else None, r[3]) for r in rows]

    def set_problems(self, skipped: Iterable[Problem], warnings: Iterable[Problem]) -> None:
        self.db.execute("DELETE FROM problems")
        self.db.executemany(
            "INSERT INTO problems VALUES (?,?,?,1)", ((p.path, p.reason, p.line) for p in skipped)
        )
        self.db.executemany(
            "INSERT INTO problems VALUES (?,?,?,0)", ((p.path, p.reason, p.line) for p in warnings)
        )

    def problems(self) -> tuple[list[Problem], list[Problem]]:
        """(skipped, warnings) from the last update."""
        skipped: list[Problem] = []
        warnings: list[Problem] = []
        for path, reason, line, was_skipped in self.db.execute("SELECT * FROM problems"):
            (skipped if was_skipped else warnings).append(Problem(path, reason, line))
        return skipped, warnings


def _article(row: tuple) -> Article:
    return Article(
        id=row[0],
        path=row[1],
        size=row[2],
        mtime=row[3],
        content_hash=row[4],
        title=row[5],
        title_derived=bool(row[6]),
        date=date.fromisoformat(row[7]) if row[7] else None,
        source=row[8] or "",
        url=row[9] or "",
        tags=tuple(json.loads(row[10])),
        see_also=tuple(json.loads(row[11])),
        paragraphs=tuple(json.loads(row[12])),
        see_also_at=tuple(json.loads(row[13] or "[]")),
        date_precision=row[14] or "",
        meta=tuple((str(k), str(v)) for k, v in json.loads(row[15] or "[]")),
    )
