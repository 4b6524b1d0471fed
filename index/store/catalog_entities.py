"""Catalog tables for entities: per-article mentions, and corpus-wide counts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from index.model import Article, Entity, Mention

ENTITY_TABLES = """
-- One row per entity per article: an entity's articles are one indexed lookup.
-- aliases (a JSON list), value and link as the article's entity had them.
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT, key TEXT, label TEXT, name TEXT, count INTEGER,
    first_start INTEGER, first_end INTEGER, aliases TEXT, value TEXT, link TEXT
);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions(key);
CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id);
-- Every mention's span and every entity of an article, for showing the article.
CREATE TABLE IF NOT EXISTS article_entities (
    article_id TEXT PRIMARY KEY, mentions TEXT, entities TEXT
);
-- Corpus-wide: each entity once, with how many articles mention it.
-- aliases: every other way the corpus writes it (a JSON list).
CREATE TABLE IF NOT EXISTS entities (
    key TEXT PRIMARY KEY, name TEXT, label TEXT, value TEXT, link TEXT,
    articles INTEGER, mentions INTEGER, aliases TEXT
);
"""


class EntityTables:
    """The entity queries of ``Catalog`` (a mixin: it uses the catalog's connection)."""

    db: sqlite3.Connection
    _dirty: set[str]

    def article(self, article_id: str) -> Article | None:
        raise NotImplementedError  # provided by Catalog

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
            "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    article_id,
                    e.key,
                    e.label,
                    e.name,
                    e.count,
                    first[e.key].start,
                    first[e.key].end,
                    json.dumps(list(e.aliases)),
                    e.value,
                    e.link,
                )
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
        # The value and link as most articles have them; the aliases of every article.
        total = (
            "INSERT INTO entities SELECT m.key, m.name, m.label, max(m.value), max(m.link),"
            " count(*), sum(m.count), (SELECT json_group_array(DISTINCT j.value)"
            " FROM mentions o, json_each(o.aliases) j WHERE o.key = m.key)"
        )
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
        row = self.db.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities WHERE key=?", (key,))
        found = row.fetchone()
        return _entity(found) if found else None

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
            f"SELECT {_ENTITY_COLUMNS} FROM entities ORDER BY articles DESC, mentions DESC LIMIT ?",
            (limit,),
        )
        return [(_entity(r), r[3]) for r in rows]

    def find_entities(self, name: str, limit: int = 20) -> list[tuple[Entity, int]]:
        """Entities whose name or key contains ``name`` (case-insensitive), most mentioned first."""
        pattern = f"%{name.lower()}%"
        rows = self.db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities"
            " WHERE lower(name) LIKE ? OR key LIKE ? ORDER BY articles DESC LIMIT ?",
            (pattern, pattern, limit),
        )
        return [(_entity(r), r[3]) for r in rows]


_ENTITY_COLUMNS = "key, name, label, articles, mentions, aliases, value, link"


def _entity(row: Sequence[Any]) -> Entity:
    """An ``entities`` row (columns as ``_ENTITY_COLUMNS``) as an Entity, corpus-wide."""
    aliases = tuple(sorted(a for a in json.loads(row[5] or "[]") if a and a != row[1]))
    return Entity(row[0], row[1], row[2], aliases, row[4], row[6] or "", row[7] or "")
