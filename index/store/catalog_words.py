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
-- head is the first letter: candidates for a misspelling share it and are near its length.
CREATE TABLE IF NOT EXISTS words (
    word TEXT PRIMARY KEY, head TEXT, length INTEGER, articles INTEGER
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS words_head ON words(head, length);
"""


class WordTables:
    """The word queries of ``Catalog`` (a mixin: it uses the catalog's connection)."""

    db: sqlite3.Connection

    def count_words(self, counts: Counter[str]) -> None:
        """Add ``counts[word]`` articles to each word (a negative count takes them away)."""
        changes = [(w, w, w, n) for w, n in counts.items() if n]
        if not changes:
            return
        self.db.executemany(
            "INSERT INTO words VALUES (?, substr(?, 1, 1), length(?), ?)"
            " ON CONFLICT(word) DO UPDATE SET articles = articles + excluded.articles",
            changes,
        )
        if any(n < 0 for *_, n in changes):
            self.db.execute("DELETE FROM words WHERE articles <= 0")

    def word_articles(self, words: Iterable[str]) -> dict[str, int]:
        """How many articles use each of ``words`` (absent words are left out)."""
        found: dict[str, int] = {}
        for word in set(words):
            row = self.db.execute("SELECT articles FROM words WHERE word=?", (word,)).fetchone()
            if row:
                found[word] = int(row[0])
        return found

    def words_near(self, word: str, spread: int) -> list[tuple[str, int]]:
        """(word, articles) for the words with ``word``'s first letter whose length is
        within ``spread`` of its length."""
        rows = self.db.execute(
            "SELECT word, articles FROM words WHERE head=? AND length BETWEEN ? AND ?",
            (word[:1], len(word) - spread, len(word) + spread),
        )
        return [(str(w), int(n)) for w, n in rows]

    def words_starting(self, prefix: str) -> list[tuple[str, int]]:
        """(word, articles) for every word starting with ``prefix`` (not empty)."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self.db.execute(
            "SELECT word, articles FROM words WHERE word >= ? AND word < ?", (prefix, end)
        )
        return [(str(w), int(n)) for w, n in rows]
