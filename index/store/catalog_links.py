"""Catalog tables for cross-references (read by ``index.links``): references, fingerprints,
key terms and the precomputed related lists."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator

# JSON without spaces, non-ASCII kept: for key terms and reasons, the catalog's largest rows.
# One encoder for all (``json.dumps`` with options builds one per call).
compact_json = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode

LINK_TABLES = """
-- links (index/links/views.py): see-also references as written, resolved or not.
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
-- (term, weight, n): a term's heaviest articles straight from the index, ties by number.
CREATE INDEX IF NOT EXISTS link_keyterms_best ON link_keyterms(term, weight DESC, n);
CREATE INDEX IF NOT EXISTS link_keyterms_n ON link_keyterms(n);
-- links: precomputed related lists (article numbers), ranked; reasons as compact JSON.
CREATE TABLE IF NOT EXISTS link_ranked (
    n INTEGER, rank INTEGER, other INTEGER, score REAL, reasons TEXT,
    PRIMARY KEY (n, rank)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS link_ranked_other ON link_ranked(other);
-- links: each article's copies (exact, then near duplicates), as article numbers.
CREATE TABLE IF NOT EXISTS link_copies (
    n INTEGER, rank INTEGER, other INTEGER, PRIMARY KEY (n, rank)
) WITHOUT ROWID;
-- links: how many articles use each key-term stem (their document frequency), kept
-- exact by every update so a small one weighs its articles as a full build would.
CREATE TABLE IF NOT EXISTS link_df (term TEXT PRIMARY KEY, articles INTEGER) WITHOUT ROWID;
-- links tables and indexes of earlier versions (LINKS_VERSION 1).
DROP INDEX IF EXISTS link_refs_norm;
DROP INDEX IF EXISTS link_articles_title;
DROP INDEX IF EXISTS link_keyterms_term;
DROP INDEX IF EXISTS link_keyterms_top;
DROP TABLE IF EXISTS link_terms;
DROP TABLE IF EXISTS link_related;
"""


# The indexes of link_keyterms (as in LINK_TABLES, which makes them again when a catalog is
# opened, should a full build be killed before ``link_index_terms``).
_TERM_INDEXES = {
    "link_keyterms_best": "link_keyterms(term, weight DESC, n)",
    "link_keyterms_n": "link_keyterms(n)",
}


class LinkTables:
    """The cross-reference queries of ``Catalog`` (a mixin: it uses the catalog's connection)."""

    db: sqlite3.Connection

    # Tables for index.links: references, fingerprints, key terms and the precomputed
    # related lists.

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
        """Empty every links table (before recomputing them all), and drop the indexes of the
        inverted key terms until ``link_index_terms``: filling the table first and indexing it
        once is several times faster than keeping the indexes up to date row by row."""
        tables = (
            "link_refs",
            "link_articles",
            "link_keyterms",
            "link_ranked",
            "link_copies",
            "link_df",
        )
        for table in (*tables, "link_ids"):
            self.db.execute(f"DELETE FROM {table}")
        for name in _TERM_INDEXES:
            self.db.execute(f"DROP INDEX IF EXISTS {name}")

    def link_index_terms(self) -> None:
        """Index the inverted key terms again (after a full build filled them)."""
        for name, on in _TERM_INDEXES.items():
            self.db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {on}")

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

    def link_forget(
        self, ids: Iterable[str], gone: Iterable[str] = (), keep_refs: Iterable[str] = ()
    ) -> None:
        """Drop what the links tables hold about these articles as sources (but for the
        references of ``keep_refs``); ``gone`` ones (removed from the corpus) lose their
        number too."""
        rows = [(i,) for i in ids]
        number = "(SELECT n FROM link_ids WHERE id=?)"
        self.db.executemany("DELETE FROM link_articles WHERE article_id=?", rows)
        self.db.executemany(f"DELETE FROM link_keyterms WHERE n={number}", rows)
        kept = set(keep_refs)
        self.db.executemany(
            "DELETE FROM link_refs WHERE source=?", (r for r in rows if r[0] not in kept)
        )
        self.db.executemany(f"DELETE FROM link_ranked WHERE n={number}", rows)
        self.db.executemany(f"DELETE FROM link_copies WHERE n={number}", rows)
        self.db.executemany("DELETE FROM link_ids WHERE id=?", ((i,) for i in gone))

    def link_put_article(
        self,
        n: int,
        article_id: str,
        text_hash: str,
        terms: list[list[object]],
        posted: int | None = None,
    ) -> None:
        """One article's fingerprint and key terms ([term, weight, surface form] each,
        heaviest first); ``n`` is its number (``link_numbers``). Only its ``posted`` heaviest
        terms (all when None) go into the postings other articles are found through."""
        self.db.execute(
            "INSERT OR REPLACE INTO link_articles VALUES (?,'',?,?)",
            (article_id, text_hash, compact_json(terms)),
        )
        self.db.execute("DELETE FROM link_keyterms WHERE n=?", (n,))
        self.db.executemany(
            "INSERT INTO link_keyterms VALUES (?,?,?)", ((t[0], n, t[1]) for t in terms[:posted])
        )

    def link_add_articles(
        self, rows: Iterable[tuple[int, str, str, list[list[object]]]], posted: int | None = None
    ) -> None:
        """Add articles' fingerprints and key terms, (number, id, text hash, terms) each, into
        emptied tables (a full build): ``link_put_article`` without its deletes."""
        rows = list(rows)
        self.db.executemany(
            "INSERT INTO link_articles VALUES (?,'',?,?)",
            ((i, h, compact_json(t)) for _n, i, h, t in rows),
        )
        self.db.executemany(
            "INSERT INTO link_keyterms VALUES (?,?,?)",
            ((t[0], n, t[1]) for n, _i, _h, terms in rows for t in terms[:posted]),
        )

    def link_add_df(self, rows: Iterable[tuple[str, int]]) -> None:
        """Add (term, articles) rows into an emptied ``link_df`` (a full build)."""
        self.db.executemany("INSERT INTO link_df VALUES (?,?)", rows)

    def link_count_df(self, changes: dict[str, int]) -> None:
        """Add ``changes[term]`` articles to each term (a negative count takes them away)."""
        rows = [(t, n) for t, n in changes.items() if n]
        self.db.executemany(
            "INSERT INTO link_df VALUES (?,?)"
            " ON CONFLICT(term) DO UPDATE SET articles = articles + excluded.articles",
            rows,
        )
        if any(n < 0 for _, n in rows):
            self.db.executemany(
                "DELETE FROM link_df WHERE term=? AND articles <= 0",
                ((t,) for t, n in rows if n < 0),
            )

    def link_df(self, terms: Iterable[str]) -> dict[str, int]:
        """How many articles use each of these terms (absent terms are left out)."""
        return dict(self._in("SELECT term, articles FROM link_df WHERE term IN ({})", terms))

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

    def link_term_postings(
        self, terms: Iterable[str], limit: int = 1_000_000
    ) -> list[tuple[str, str, float]]:
        """(article id, term, weight): for each of these key terms, the ``limit`` articles
        where it weighs most."""
        rows: list[tuple[str, str, float]] = []
        for term in dict.fromkeys(terms):
            rows += self.db.execute(
                "SELECT i.id, k.term, k.weight FROM link_keyterms k JOIN link_ids i ON i.n = k.n"
                " WHERE k.term = ? ORDER BY k.weight DESC, k.n LIMIT ?",
                (term, limit),
            ).fetchall()
        return rows

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

    def link_see_also(self, article_id: str) -> tuple[set[str], set[str]]:
        """The articles ``article_id``'s see-also lines resolve to, and those whose lines
        resolve to it (itself left out of both): the links a related score counts."""
        cites = {r[5] for r in self.link_refs_where("source=?", [article_id]) if r[5]}
        cited = {r[1] for r in self.link_refs_where("target=?", [article_id])}
        return cites - {article_id}, cited - {article_id}

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

    def link_put_copies(self, n: int, others: Iterable[int]) -> None:
        """Replace one article's copies (article numbers, exact copies first)."""
        self.db.execute("DELETE FROM link_copies WHERE n=?", (n,))
        self.link_add_copies((n, rank, o) for rank, o in enumerate(others))

    def link_add_copies(self, rows: Iterable[tuple[int, int, int]]) -> None:
        """Add rows of (article number, rank, copy's number)."""
        self.db.executemany("INSERT INTO link_copies VALUES (?,?,?)", rows)

    def link_copies(self, article_id: str) -> list[str]:
        """The ids of one article's copies, exact ones first."""
        rows = self.db.execute(
            "SELECT i.id FROM link_copies c JOIN link_ids i ON i.n = c.other"
            " WHERE c.n = (SELECT n FROM link_ids WHERE id=?) ORDER BY c.rank",
            (article_id,),
        )
        return [r[0] for r in rows]

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

    def member_keys(self, key: str) -> list[str]:
        raise NotImplementedError  # provided by EntityTables: the key and its alias keys

    def link_entity_hits(self, key: str, limit: int) -> list[tuple]:
        """(id, title, date, count, first start, first end, paragraphs) newest first."""
        keys = self.member_keys(key)
        return self.db.execute(
            "SELECT a.id, a.title, a.date, m.count, m.first_start, m.first_end, a.paragraphs"
            " FROM mentions m JOIN articles a ON a.id = m.article_id"
            f" WHERE m.key IN ({','.join('?' * len(keys))})"
            " ORDER BY a.date IS NULL, a.date DESC, m.count DESC, a.id LIMIT ?",
            (*keys, limit),
        ).fetchall()
