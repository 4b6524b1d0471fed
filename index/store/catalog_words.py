"""Catalog table of the corpus's surface words: each folded lower-case word with the number
of articles that use it. Fuzzy search and "did you mean" choose among these real words, never
among the stems the full-text index holds.

The counts are kept up to date by the writer: an article's words are added when it is written
and taken away (from its stored text) when it is replaced or removed.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable

WORD_TABLES = """
-- head is the first letter, after the next two: candidates for a misspelling share its first
-- letter (or, for "did you mean", are one edit from it at the start: ``words_near``) and
-- are near its length.
CREATE TABLE IF NOT EXISTS words (
    word TEXT PRIMARY KEY, head TEXT, after TEXT, length INTEGER, articles INTEGER
) WITHOUT ROWID;
"""
_WORD_INDEXES = {"words_head": "words(head, length)", "words_after": "words(after, length)"}
WORD_TABLES += "".join(
    f"CREATE INDEX IF NOT EXISTS {name} ON {on};\n" for name, on in _WORD_INDEXES.items()
)


class WordTables:
    """The word queries of ``Catalog`` (a mixin: it uses the catalog's connection)."""

    db: sqlite3.Connection

    def count_words(self, counts: Counter[str]) -> None:
        """Add ``counts[word]`` articles to each word (a negative count takes them away)."""
        changes = [(w, w, w, w, n) for w, n in counts.items() if n]
        if not changes:
            return
        # Into an empty table (a build), unindexed, then indexed once: cheaper than keeping
        # two indexes up to date word by word (35,000 words of 2,263 real posts, in three
        # tries: 0.13-0.18 s against 0.15-0.23 s; one index kept up to date, 0.11-0.16 s).
        bulk = self.db.execute("SELECT 1 FROM words LIMIT 1").fetchone() is None
        if bulk:
            for name in _WORD_INDEXES:
                self.db.execute(f"DROP INDEX IF EXISTS {name}")
        self.db.executemany(
            "INSERT INTO words VALUES (?, substr(?, 1, 1), substr(?, 2, 2), length(?), ?)"
            " ON CONFLICT(word) DO UPDATE SET articles = articles + excluded.articles",
            changes,
        )
        if any(n < 0 for *_, n in changes):
            self.db.execute("DELETE FROM words WHERE articles <= 0")
        if bulk:
            for name, on in _WORD_INDEXES.items():
                self.db.execute(f"CREATE INDEX {name} ON {on}")

    def word_articles(self, words: Iterable[str]) -> dict[str, int]:
        """How many articles use each of ``words`` (absent words are left out)."""
        found: dict[str, int] = {}
        for word in set(words):
            row = self.db.execute("SELECT articles FROM words WHERE word=?", (word,)).fetchone()
            if row:
                found[word] = int(row[0])
        return found

    def words_near(self, word: str, spread: int, heads: bool = False) -> list[tuple[str, int]]:
        """(word, articles) for the words with ``word``'s first letter whose length is
        within ``spread`` of its length; with ``heads``, also those starting otherwise that
        one edit at the start makes ``word``: its first letter mistyped ("abvious"), dropped
        ("bvious"), one put before it ("kobvious") or swapped with the second ("bovious")."""
        lengths = (len(word) - spread, len(word) + spread)
        query = "SELECT word, articles FROM words WHERE {} AND length BETWEEN ? AND ?"
        rows = self.db.execute(query.format("head=?"), (word[:1], *lengths)).fetchall()
        if heads and len(word) > 3:
            # Each case by the letters its words have after their first (``after``).
            afters = {word[1:3], word[0:2], word[2:4], word[0] + word[2]}
            where = f"after IN ({', '.join('?' * len(afters))}) AND head != ?"
            rows += self.db.execute(query.format(where), (*afters, word[0], *lengths)).fetchall()
        return [(str(w), int(n)) for w, n in rows]

    def words_starting(self, prefix: str) -> list[tuple[str, int]]:
        """(word, articles) for every word starting with ``prefix`` (not empty)."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.db.execute(
            "SELECT word, articles FROM words WHERE word >= ? AND word < ?", (prefix, end)
        )
        return [(str(w), int(n)) for w, n in rows]
