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
    tags TEXT, see_also TEXT, paragraphs TEXT, see_also_at TEXT
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
-- links (index/links.py): see-also references as written, resolved or not.
CREATE TABLE IF NOT EXISTS link_refs (
    source TEXT, position INTEGER, written TEXT, norm TEXT,
    target TEXT, how TEXT, score REAL, others TEXT
);
CREATE INDEX IF NOT EXISTS link_refs_source ON link_refs(source);
CREATE INDEX IF NOT EXISTS link_refs_target ON link_refs(target);
-- links: each article's text fingerprint and key terms (JSON; norm_title is unused).
CREATE TABLE IF NOT EXISTS link_articles (
    article_id TEXT PRIMARY KEY, norm_title TEXT, text_hash TEXT, terms TEXT
);
CREATE INDEX IF NOT EXISTS link_articles_hash ON link_articles(text_hash);
-- links: a small number for each article id, so the big link tables hold integers.
CREATE TABLE IF NOT EXISTS link_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
-- links: key terms inverted, so the articles sharing a term are one indexed lookup.
CREATE TABLE IF NOT EXISTS link_keyterms (term TEXT, n INTEGER, weight REAL);
CREATE INDEX IF NOT EXISTS link_keyterms_term ON link_keyterms(term);
CREATE INDEX IF NOT EXISTS link_keyterms_n ON link_keyterms(n);
-- links: precomputed related lists (article numbers), ranked; reasons as compact JSON.
CREATE TABLE IF NOT EXISTS link_ranked (
    n INTEGER, rank INTEGER, other INTEGER, score REAL, reasons TEXT,
    PRIMARY KEY (n, rank)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_ranked_other ON link_ranked(other);
-- links tables and indexes of earlier versions (LINKS_VERSION 1).
DROP INDEX IF EXISTS link_refs_norm;
DROP INDEX IF EXISTS link_articles_title;
DROP TABLE IF EXISTS link_terms;
DROP TABLE IF EXISTS link_related;
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
        return {row[0]: ManifestEntry(*row[1:]) for row in rows}

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def put(self, articles: Iterable[Article]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
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
                )
                for a in articles
            ),
        )

    def touch(self, article_id: str, mtime: float) -> None:
        """Record a new mtime for a file whose content did not change."""
        self.db.execute("UPDATE articles SET mtime=? WHERE id=?", (mtime, article_id))

    def delete(self, ids: Iterable[str]) -> None:
        rows = [(i,) for i in ids]
        for row in rows:
            self._mark_dirty(row[0])
        self.db.executemany("DELETE FROM articles WHERE id=?", rows)
        self.db.executemany("DELETE FROM mentions WHERE article_id=?", rows)
        self.db.executemany("DELETE FROM article_entities WHERE article_id=?", rows)

    # -- entities ------------------------------------------------------------------------

    def put_entities(
        self, article_id: str, mentions: Sequence[Mention], found: Sequence[Entity]
    ) -> None:
        """Replace one article's mentions and entities."""
        self._mark_dirty(article_id)
        self._dirty.update(e.key for e in found)
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

    def _mark_dirty(self, article_id: str) -> None:
        rows = self.db.execute("SELECT key FROM mentions WHERE article_id=?", (article_id,))
        self._dirty.update(row[0] for row in rows)

    def refresh_entity_totals(self) -> None:
        """Recount how many articles mention each entity whose articles changed.

        Only the keys touched since the last call are recounted (one changed article costs
        milliseconds, not a pass over every mention); a large batch recounts everything.
        """
        dirty, self._dirty = self._dirty, set()
        total = "INSERT INTO entities SELECT m.key, m.name, m.label, '', '', count(*), sum(m.count)"
        if len(dirty) > 5_000:
            self.db.execute("DELETE FROM entities")
            self.db.execute(total + " FROM mentions m GROUP BY m.key")
            return
        keys = sorted(dirty)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM entities WHERE key IN ({marks})", chunk)
            self.db.execute(
                total + f" FROM mentions m WHERE m.key IN ({marks}) GROUP BY m.key", chunk
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

    # -- links ---------------------------------------------------------------------------
    # Tables for index/links.py and index/related.py: references, fingerprints, key terms
    # and the precomputed related lists.

    def link_title_rows(self) -> list[tuple[str, str, str, str | None]]:
        """(id, title, path, date) of every article: what references are resolved against."""
        return self.db.execute("SELECT id, title, path, date FROM articles").fetchall()

    def link_sources(self, ids: Iterable[str]) -> list[tuple[str, str, str | None, str]]:
        """(id, title, date, see_also JSON) of these articles."""
        return self._in("SELECT id, title, date, see_also FROM articles WHERE id IN ({})", ids)

    def link_bodies(self, ids: Iterable[str]) -> Iterator[tuple[str, str, list[str]]]:
        """(id, title, paragraphs) of these articles, read a chunk at a time."""
        ids = list(ids)
        for start in range(0, len(ids), 500):
            for row in self._in(
                "SELECT id, title, paragraphs FROM articles WHERE id IN ({})",
                ids[start : start + 500],
            ):
                yield row[0], row[1], json.loads(row[2])

    def _in(self, sql: str, values: Iterable[str], *extra: object) -> list:
        """Run ``sql`` with its ``IN ({})`` filled with ``values``, 500 at a time."""
        values = list(values)
        rows: list = []
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            rows += self.db.execute(
                sql.format(",".join("?" * len(chunk))), (*chunk, *extra)
            ).fetchall()
        return rows

    def link_titles(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT id, title FROM articles WHERE id IN ({})", ids))

    def link_dates(self, ids: Iterable[str]) -> list[tuple[str, str | None]]:
        return self._in("SELECT id, date FROM articles WHERE id IN ({})", ids)

    def link_clear(self) -> None:
        """Empty every links table (before recomputing them all)."""
        for table in ("link_refs", "link_articles", "link_keyterms", "link_ranked", "link_ids"):
            self.db.execute(f"DELETE FROM {table}")

    def link_number_all(self, ids: Iterable[str]) -> None:
        """Number these articles 1, 2, ... in the order given (into emptied tables)."""
        self.db.executemany(
            "INSERT INTO link_ids VALUES (?,?)", ((n, i) for n, i in enumerate(ids, 1))
        )

    def link_numbers(self, ids: Iterable[str]) -> dict[str, int]:
        """The number of each of these articles, giving one to those without."""
        ids = list(ids)
        self.db.executemany("INSERT OR IGNORE INTO link_ids(id) VALUES (?)", ((i,) for i in ids))
        return {i: n for n, i in self._in("SELECT n, id FROM link_ids WHERE id IN ({})", ids)}

    def link_forget(self, ids: Iterable[str], gone: Iterable[str] = ()) -> None:
        """Drop what the links tables hold about these articles as sources; ``gone`` ones
        (removed from the corpus) lose their number too."""
        rows = [(i,) for i in ids]
        number = "(SELECT n FROM link_ids WHERE id=?)"
        self.db.executemany("DELETE FROM link_articles WHERE article_id=?", rows)
        self.db.executemany(f"DELETE FROM link_keyterms WHERE n={number}", rows)
        self.db.executemany("DELETE FROM link_refs WHERE source=?", rows)
        self.db.executemany(f"DELETE FROM link_ranked WHERE n={number}", rows)
        self.db.executemany("DELETE FROM link_ids WHERE id=?", ((i,) for i in gone))

    def link_put_article(
        self, n: int, article_id: str, text_hash: str, terms: list[list[object]]
    ) -> None:
        """One article's fingerprint and key terms ([term, weight, surface form] each);
        ``n`` is its number (``link_numbers``)."""
        self.db.execute(
            "INSERT OR REPLACE INTO link_articles VALUES (?,'',?,?)",
            (article_id, text_hash, json.dumps(terms, separators=(",", ":"), ensure_ascii=False)),
        )
        self.db.execute("DELETE FROM link_keyterms WHERE n=?", (n,))
        self.db.executemany(
            "INSERT INTO link_keyterms VALUES (?,?,?)", ((t[0], n, t[1]) for t in terms)
        )

    def link_articles(self, ids: Iterable[str] | None = None) -> list[tuple[str, str, str, str]]:
        """(id, norm title, text hash, terms JSON), for these articles or all."""
        if ids is None:
            return self.db.execute("SELECT * FROM link_articles").fetchall()
        return self._in("SELECT * FROM link_articles WHERE article_id IN ({})", ids)

    def link_same_text(self, text_hash: str) -> list[str]:
        rows = self.db.execute(
            "SELECT article_id FROM link_articles WHERE text_hash=? ORDER BY article_id",
            (text_hash,),
        )
        return [r[0] for r in rows]

    def link_term_postings(self, terms: Iterable[str]) -> list[tuple[str, str, float]]:
        """(article id, term, weight) for every article that has one of these key terms."""
        return self._in(
            "SELECT i.id, k.term, k.weight FROM link_keyterms k JOIN link_ids i ON i.n = k.n"
            " WHERE k.term IN ({})",
            terms,
        )

    def link_top_postings(self, limit: int) -> Iterator[tuple[str, int, float]]:
        """(term, article number, weight): each key term's ``limit`` heaviest articles,
        heaviest first (then by number), term by term; streamed, sorted by SQLite."""
        yield from self.db.execute(
            "SELECT term, n, weight FROM (SELECT term, n, weight, row_number() OVER"
            " (PARTITION BY term ORDER BY weight DESC, n) AS r FROM link_keyterms)"
            " WHERE r <= ? ORDER BY term, r",
            (limit,),
        )

    def link_entity_postings(self, keys: Iterable[str]) -> list[tuple[str, str, int]]:
        """(article id, entity key, mention count) for every article naming one of these."""
        return self._in("SELECT article_id, key, count FROM mentions WHERE key IN ({})", keys)

    def link_entities(self, ids: Iterable[str] | None = None) -> list[tuple[str, str]]:
        """(article id, entities JSON) for these articles or all."""
        if ids is None:
            return self.db.execute("SELECT article_id, entities FROM article_entities").fetchall()
        return self._in(
            "SELECT article_id, entities FROM article_entities WHERE article_id IN ({})", ids
        )

    def link_put_refs(self, rows: Iterable[tuple]) -> None:
        """Rows of (source, position, written, norm, target, how, score, others JSON)."""
        self.db.executemany("INSERT INTO link_refs VALUES (?,?,?,?,?,?,?,?)", rows)

    def link_set_ref(
        self, rowid: int, target: str | None, how: str, score: float, others: str
    ) -> None:
        self.db.execute(
            "UPDATE link_refs SET target=?, how=?, score=?, others=? WHERE rowid=?",
            (target, how, score, others, rowid),
        )

    def link_refs_where(self, where: str, values: Iterable[str] = ()) -> list[tuple]:
        """(rowid, source, position, written, norm, target, how, score, others) matching."""
        sql = "SELECT rowid, * FROM link_refs WHERE " + where + " ORDER BY source, position"
        if "{}" in where:
            return self._in(sql, values)
        return self.db.execute(sql, tuple(values)).fetchall()

    def link_put_related(self, n: int, rows: Iterable[tuple[int, float, str]]) -> None:
        """Replace one article's related list: (other's number, score, reasons), best first."""
        self.db.execute("DELETE FROM link_ranked WHERE n=?", (n,))
        self.db.executemany(
            "INSERT INTO link_ranked VALUES (?,?,?,?,?)",
            ((n, rank, o, s, r) for rank, (o, s, r) in enumerate(rows)),
        )

    def link_add_related(self, rows: Iterable[tuple[int, int, int, float, str]]) -> None:
        """Add rows of (article number, rank, other's number, score, reasons)."""
        self.db.executemany("INSERT INTO link_ranked VALUES (?,?,?,?,?)", rows)

    def link_related(self, article_id: str, limit: int) -> list[tuple]:
        """(other id, score, reasons, title, date) of one article's related list."""
        return self.db.execute(
            "SELECT i.id, r.score, r.reasons, a.title, a.date FROM link_ranked r"
            " JOIN link_ids i ON i.n = r.other JOIN articles a ON a.id = i.id"
            " WHERE r.n = (SELECT n FROM link_ids WHERE id=?) ORDER BY r.rank LIMIT ?",
            (article_id, limit),
        ).fetchall()

    def link_listing(self, others: Iterable[str]) -> set[str]:
        """The articles whose related lists include any of ``others``."""
        rows = self._in(
            "SELECT DISTINCT s.id FROM link_ranked r JOIN link_ids s ON s.n = r.n"
            " WHERE r.other IN (SELECT n FROM link_ids WHERE id IN ({}))",
            others,
        )
        return {r[0] for r in rows}

    def link_entity_hits(self, key: str, limit: int) -> list[tuple]:
        """(id, title, date, count, first start, first end, paragraphs) newest first."""
        return self.db.execute(
            "SELECT a.id, a.title, a.date, m.count, m.first_start, m.first_end, a.paragraphs"
            " FROM mentions m JOIN articles a ON a.id = m.article_id WHERE m.key=?"
            " ORDER BY a.date IS NULL, a.date DESC, m.count DESC, a.id LIMIT ?",
            (key, limit),
        ).fetchall()


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
    )
