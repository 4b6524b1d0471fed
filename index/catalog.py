"""The catalog: an SQLite file beside the Whoosh index holding what the index does not.

It is the manifest (path, size, mtime, hash of every indexed file), the articles' text and
metadata (stored once, here, not in Whoosh), the problems met at the last update, and the
tables that entities and cross-references fill. Listing 100k articles is one query.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from index.model import Article, Entity, Mention, Problem, Summary

SCHEMA_VERSION = 1

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, size INTEGER, mtime REAL, hash TEXT,
    title TEXT, title_derived INTEGER, date TEXT, source TEXT, url TEXT,
    tags TEXT, see_also TEXT, paragraphs TEXT
);
CREATE TABLE IF NOT EXISTS problems (path TEXT, reason TEXT, line INTEGER, skipped INTEGER);
-- One row per entity per article: an entity's articles are one indexed lookup.
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT, key TEXT, label TEXT, name TEXT, count INTEGER,
    first_start INTEGER, first_end INTEGER
);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
-- Every mention's span and every entity of an article, for showing the article.
CREATE TABLE IF NOT EXISTS article_entities (
    article_id TEXT PRIMARY KEY, mentions TEXT, entities TEXT
);
-- Corpus-wide: each entity once, with how many articles mention it.
CREATE TABLE IF NOT EXISTS entities (
    key TEXT PRIMARY KEY, name TEXT, label TEXT, value TEXT, link TEXT,
    articles INTEGER, mentions INTEGER
);
"""


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    size: int
    mtime: float
    hash: str


class Catalog:
    """One SQLite connection to the catalog; cheap to open."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_TABLES)

    def close(self) -> None:
        self.db.close()

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def manifest(self) -> dict[str, ManifestEntry]:
        rows = self.db.execute("SELECT id, path, size, mtime, hash FROM articles")
        return {row[0]: ManifestEntry(*row[1:]) for row in rows}

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def put(self, articles: Iterable[Article]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                )
                for a in articles
            ),
        )

    def touch(self, article_id: str, mtime: float) -> None:
        """Record a new mtime for a file whose content did not change."""
        self.db.execute("UPDATE articles SET mtime=? WHERE id=?", (mtime, article_id))

    def delete(self, ids: Iterable[str]) -> None:
        rows = [(i,) for i in ids]
        self.db.executemany("DELETE FROM articles WHERE id=?", rows)
        self.db.executemany("DELETE FROM mentions WHERE article_id=?", rows)
        self.db.executemany("DELETE FROM article_entities WHERE article_id=?", rows)

    # -- entities ------------------------------------------------------------------------

    def put_entities(
        self, article_id: str, mentions: Sequence[Mention], found: Sequence[Entity]
    ) -> None:
        """Replace one article's mentions and entities."""
        self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        first: dict[str, Mention] = {}
        for mention in mentions:
            first.setdefault(mention.key, mention)
        self.db.executemany(
            "INSERT INTO mentions VALUES (?,?,?,?,?,?,?)",
            (
                (article_id, e.key, e.label, e.name, e.count, first[e.key].start, first[e.key].end)
                for e in found
                if e.key in first
            ),
        )
        self.db.execute(
            "INSERT OR REPLACE INTO article_entities VALUES (?,?,?)",
            (
                article_id,
                json.dumps([[m.start, m.end, m.label, m.key] for m in mentions]),
                json.dumps(
                    [
                        [e.key, e.name, e.label, list(e.aliases), e.count, e.value, e.link]
                        for e in found
                    ]
                ),
            ),
        )

    def article_entities(self, article_id: str) -> list[Entity]:
        """An article's entities, with their mention counts in it."""
        row = self.db.execute(
            "SELECT entities FROM article_entities WHERE article_id=?", (article_id,)
        ).fetchone()
        if not row:
            return []
        return [
            Entity(key, name, label, tuple(aliases), count, value, link)
            for key, name, label, aliases, count, value, link in json.loads(row[0])
        ]

    def article_mentions(self, article_id: str) -> list[Mention]:
        """Every mention in an article's body, in order, with offsets into ``Article.body``."""
        row = self.db.execute(
            "SELECT mentions, entities FROM article_entities WHERE article_id=?", (article_id,)
        ).fetchone()
        article = self.article(article_id)
        if not row or article is None:
            return []
        body = article.body
        names = {e[0]: e[1] for e in json.loads(row[1])}
        return [
            Mention(start, end, body[start:end], label, key, names.get(key, body[start:end]))
            for start, end, label, key in json.loads(row[0])
        ]

    def entity_articles(self, key: str) -> list[tuple[str, int, int, int]]:
        """(article id, mention count, first start, first end) for every article naming it."""
        rows = self.db.execute(
            "SELECT article_id, count, first_start, first_end FROM mentions WHERE key=?", (key,)
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def refresh_entity_totals(self) -> None:
        """Recount, corpus-wide, how many articles mention each entity."""
        self.db.execute("DELETE FROM entities")
        self.db.execute(
            "INSERT INTO entities SELECT m.key, m.name, m.label, '', '', count(*), sum(m.count)"
            " FROM mentions m GROUP BY m.key"
        )

    def entity(self, key: str) -> Entity | None:
        row = self.db.execute(
            "SELECT key, name, label, articles, mentions FROM entities WHERE key=?", (key,)
        ).fetchone()
        return Entity(row[0], row[1], row[2], count=row[4]) if row else None

    def entity_document_counts(self, keys: Iterable[str]) -> dict[str, int]:
        """How many articles mention each of these entities (for weighting rare ones)."""
        keys = list(keys)
        counts: dict[str, int] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, articles in self.db.execute(
                f"SELECT key, articles FROM entities WHERE key IN ({marks})", chunk
            ):
                counts[key] = articles
        return counts

    def top_entities(self, limit: int = 50) -> list[tuple[Entity, int]]:
        """The corpus's most widely mentioned entities, with their article counts."""
        rows = self.db.execute(
            "SELECT key, name, label, articles, mentions FROM entities"
            " ORDER BY articles DESC, mentions DESC LIMIT ?",
            (limit,),
        )
        return [(Entity(r[0], r[1], r[2], count=r[4]), r[3]) for r in rows]

    def find_entities(self, name: str, limit: int = 20) -> list[tuple[Entity, int]]:
        """Entities whose name or key contains ``name`` (case-insensitive), most mentioned first."""
        pattern = f"%{name.lower()}%"
        rows = self.db.execute(
            "SELECT key, name, label, articles, mentions FROM entities"
            " WHERE lower(name) LIKE ? OR key LIKE ? ORDER BY articles DESC LIMIT ?",
            (pattern, pattern, limit),
        )
        return [(Entity(r[0], r[1], r[2], count=r[4]), r[3]) for r in rows]

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
    )
