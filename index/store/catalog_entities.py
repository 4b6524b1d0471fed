"""Catalog tables for entities: per-article mentions, and corpus-wide counts.

Across the corpus one person is one entity: after each update ``corpus_aliases`` maps a
surname alone ("Bush", from an article that only says "Mr Bush") and a spelling without
middle initials to the full name the corpus uses ("George W Bush"); the map lives in
``entity_aliases`` and every read goes through it, so the per-article rows stay as extracted
and the map is recomputed whenever the corpus changes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

from index.entities.people import corpus_aliases
from index.model import Article, Entity, Mention

NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP")
# Each entity once: its commonest name across the articles (the spelling the corpus uses),
# how many articles name it and how often, its link (a nationality's country) and every
# other way the articles write it (aliases, a JSON list).
_TOTALS = """
INSERT INTO entities
SELECT t.key, t.name, t.label, t.value, t.link, t.articles, t.mentions,
    (SELECT json_group_array(a) FROM (
        SELECT j.value AS a FROM mentions o, json_each(o.aliases) j WHERE o.key = t.key
        UNION SELECT o.name FROM mentions o WHERE o.key = t.key)) AS aliases
FROM (
    SELECT m.key AS key, m.name AS name, m.label AS label,
        CASE WHEN m.label IN ({values}) THEN substr(m.key, length(m.label) + 2) ELSE '' END
            AS value,
        max(max(m.link)) OVER per_key AS link,
        sum(count(*)) OVER per_key AS articles, sum(sum(m.count)) OVER per_key AS mentions,
        row_number() OVER (PARTITION BY m.key ORDER BY count(*) DESC, m.name) AS rank
    FROM mentions m {{where}} GROUP BY m.key, m.name
    WINDOW per_key AS (PARTITION BY m.key)
) t WHERE t.rank = 1
"""
# Values keep their normalised form (the key's tail, "GBP 15800000") for --json and scripts.
_VALUE_SQL = "'DATE', 'MONEY', 'PERCENT', 'QUANTITY', 'CARDINAL'"
_TOTALS = _TOTALS.format(values=_VALUE_SQL)

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
-- How the texts write each entity ("EU" for the European Union), lower-cased, for lookups.
CREATE TABLE IF NOT EXISTS entity_surfaces (
    surface TEXT, key TEXT, PRIMARY KEY (surface, key)
) WITHOUT ROWID;
-- A person's other keys across the corpus ("PERSON:bush" -> "PERSON:george w bush").
CREATE TABLE IF NOT EXISTS entity_aliases (key TEXT PRIMARY KEY, target TEXT);
CREATE INDEX IF NOT EXISTS entity_aliases_target ON entity_aliases(target);
"""


class EntityTables:
    """The entity queries of ``Catalog`` (a mixin: it uses the catalog's connection)."""

    db: sqlite3.Connection
    _dirty: set[str]

    def article(self, article_id: str) -> Article | None:
        raise NotImplementedError  # provided by Catalog

    def put_entities(
        self,
        article_id: str,
        mentions: Sequence[Mention],
        found: Sequence[Entity],
        replace: bool = True,
    ) -> None:
        """Replace one article's mentions and entities (``replace=False``: it has none yet,
        as in a build of an empty index, so there is nothing to look up and delete)."""
        first: dict[str, Mention] = {}
        for mention in mentions:
            first.setdefault(mention.key, mention)
        rows = [
            (
                article_id,
                e.key,
                e.label,
                e.name,
                e.count,
                first[e.key].start,
                first[e.key].end,
                json.dumps(list(e.aliases)) if e.aliases else "[]",
                e.value,
                e.link,
            )
            for e in found
            if e.key in first
        ]
        # Only the entities whose row changed need their corpus-wide totals redone (an
        # edit that leaves "Thursday" as it was spares recounting its thousands of rows).
        if replace:
            old = self.db.execute(
                f"SELECT {_TOTAL_COLUMNS} FROM mentions WHERE article_id=?", (article_id,)
            ).fetchall()
            new = [(r[1], r[2], r[3], r[4], r[7], r[8], r[9]) for r in rows]
            self._dirty.update(r[0] for r in set(old).symmetric_difference(new))
            self.db.execute("DELETE FROM mentions WHERE article_id=?", (article_id,))
        else:
            self._dirty.update(r[1] for r in rows)
        self.db.executemany("INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        self.db.executemany(
            "INSERT OR IGNORE INTO entity_surfaces VALUES (?,?)",
            {(m.text.lower(), m.key) for m in mentions if m.label in NAME_LABELS},
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
        found = [
            Entity(key, name, label, tuple(aliases), count, value, link)
            for key, name, label, aliases, count, value, link in json.loads(row[0])
        ]
        targets = self._targets(e.key for e in found)
        return [self._as_target(e, targets) for e in found]

    def _as_target(self, e: Entity, targets: dict[str, tuple[str, str]]) -> Entity:
        """The entity under the key and name the corpus knows it by, its own name an alias."""
        if e.key not in targets:
            return e
        key, name = targets[e.key]
        aliases = tuple(dict.fromkeys(a for a in (e.name, *e.aliases) if a != name))
        return Entity(key, name, e.label, aliases, e.count, e.value, e.link)

    def _targets(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """alias key -> (target key, target name) for those of ``keys`` that are aliases."""
        keys = list(keys)
        out: dict[str, tuple[str, str]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, target, name in self.db.execute(
                "SELECT a.key, a.target, e.name FROM entity_aliases a"
                f" JOIN entities e ON e.key = a.target WHERE a.key IN ({marks})",
                chunk,
            ):
                out[key] = (target, name)
        return out

    def resolve_key(self, key: str) -> str:
        """The key the corpus knows this entity by (itself unless it is an alias)."""
        row = self.db.execute("SELECT target FROM entity_aliases WHERE key=?", (key,)).fetchone()
        return str(row[0]) if row else key

    def member_keys(self, key: str) -> list[str]:
        """The entity's key and every alias key that stands for it."""
        key = self.resolve_key(key)
        rows = self.db.execute("SELECT key FROM entity_aliases WHERE target=?", (key,))
        return [key, *(r[0] for r in rows)]

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
        targets = self._targets(names)
        names.update((k, name) for k, (_, name) in targets.items())
        return [
            Mention(
                start,
                end,
                body[start:end],
                label,
                targets[key][0] if key in targets else key,
                names.get(key, body[start:end]),
            )
            for start, end, label, key in json.loads(row[0])
        ]

    def entity_articles(self, key: str) -> list[tuple[str, int, int, int]]:
        """(article id, mention count, first start, first end) for every article naming it."""
        keys = self.member_keys(key)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            "SELECT article_id, count, first_start, first_end FROM mentions"
            f" WHERE key IN ({marks})",
            keys,
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def _mark_dirty(self, article_id: str) -> None:
        rows = self.db.execute("SELECT key FROM mentions WHERE article_id=?", (article_id,))
        self._dirty.update(row[0] for row in rows)

    def refresh_entity_totals(self, everything: bool = False) -> None:
        """Recount how many articles mention each entity whose articles changed.

        Only the keys touched since the last call are recounted (one changed article costs
        milliseconds, not a pass over every mention); a large batch, or ``everything``,
        recounts everything.
        """
        dirty, self._dirty = self._dirty, set()
        if everything or len(dirty) > 5_000:
            self.db.execute("DELETE FROM entities")
            self.db.execute(_TOTALS.format(where=""))
            self.refresh_people()
            return
        keys = sorted(dirty)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"DELETE FROM entities WHERE key IN ({marks})", chunk)
            self.db.execute(_TOTALS.format(where=f"WHERE m.key IN ({marks})"), chunk)
        if dirty:
            self.refresh_people()

    def refresh_people(self) -> None:
        """Recompute which person keys stand for which across the corpus, and the merged
        totals of every person that absorbs others."""
        rows = self.db.execute(
            "SELECT key, name, articles FROM entities WHERE label='PERSON'"
        ).fetchall()
        aliases = corpus_aliases((r[0], r[1], r[2]) for r in rows)
        self.db.execute("DELETE FROM entity_aliases")
        self.db.executemany("INSERT INTO entity_aliases VALUES (?,?)", aliases.items())
        for target in set(aliases.values()):
            keys = self.member_keys(target)
            marks = ",".join("?" * len(keys))
            self.db.execute(
                "UPDATE entities SET (articles, mentions) = (SELECT count(DISTINCT article_id),"
                f" sum(count) FROM mentions WHERE key IN ({marks})) WHERE key=?",
                [*keys, target],
            )
            self.db.execute(  # the names it absorbed are among its aliases
                "UPDATE entities SET aliases = (SELECT json_group_array(a) FROM ("
                " SELECT j.value AS a FROM entities e, json_each(e.aliases) j"
                f" WHERE e.key IN ({marks}) UNION SELECT name FROM entities"
                f" WHERE key IN ({marks}))) WHERE key=?",
                [*keys, *keys, target],
            )

    def entity(self, key: str) -> Entity | None:
        key = self.resolve_key(key)
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

    def top_entities(
        self, limit: int = 50, labels: Sequence[str] | None = None
    ) -> list[tuple[Entity, int]]:
        """The corpus's most widely mentioned entities (of ``labels``, default all), with their
        article counts; a person's alias keys are counted under the person."""
        where = "key NOT IN (SELECT key FROM entity_aliases)"
        params: list[object] = []
        if labels:
            where += f" AND label IN ({','.join('?' * len(labels))})"
            params.extend(labels)
        rows = self.db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities"
            f" WHERE {where} ORDER BY articles DESC, mentions DESC LIMIT ?",
            (*params, limit),
        )
        return [(_entity(r), r[3]) for r in rows]

    def find_entities(self, name: str, limit: int = 20) -> list[tuple[Entity, int]]:
        """Entities the texts write as ``name`` ("EU" finds the European Union), then those
        whose name or key contains it (case-insensitive), most mentioned first."""
        exact = self.db.execute(
            "SELECT DISTINCT coalesce(a.target, s.key) FROM entity_surfaces s"
            " LEFT JOIN entity_aliases a ON a.key = s.key WHERE s.surface = ?",
            (name.lower(),),
        ).fetchall()
        keys = [r[0] for r in exact]
        out: list[tuple[Entity, int]] = []
        if keys:
            marks = ",".join("?" * len(keys))
            out = [
                (_entity(r), r[3])
                for r in self.db.execute(
                    f"SELECT {_ENTITY_COLUMNS} FROM entities"
                    f" WHERE key IN ({marks}) ORDER BY articles DESC, mentions DESC",
                    keys,
                )
            ]
        pattern = f"%{name.lower()}%"
        rows = self.db.execute(
            f"SELECT {_ENTITY_COLUMNS} FROM entities"
            " WHERE (lower(name) LIKE ? OR key LIKE ?)"
            " AND key NOT IN (SELECT key FROM entity_aliases)"
            " ORDER BY articles DESC LIMIT ?",
            (pattern, pattern, limit),
        )
        seen = {e.key for e, _ in out}
        out.extend((_entity(r), r[3]) for r in rows if r[0] not in seen)
        return out[:limit]


_ENTITY_COLUMNS = "key, name, label, articles, mentions, aliases, value, link"
# The columns of a mention row that the corpus-wide totals (``_TOTALS``) are made of.
_TOTAL_COLUMNS = "key, label, name, count, aliases, value, link"


def _entity(row: Sequence[Any]) -> Entity:
    """An ``entities`` row (columns as ``_ENTITY_COLUMNS``) as an Entity, corpus-wide."""
    aliases = tuple(sorted(a for a in json.loads(row[5] or "[]") if a and a != row[1]))
    return Entity(row[0], row[1], row[2], aliases, row[4], row[6] or "", row[7] or "")
