"""What an update changed, as the links refresh needs to know it (``update`` collects it)."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Container, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from index.store.pool import read_blocks, write_block
from index.store.terms import Counted, term_counts

if TYPE_CHECKING:
    from index.model import Article


class Changes:
    """What an update replaced and wrote, for a small links refresh to redo only what it
    must, with the numbers a full build would count.

    ``forget`` takes away the key terms of each stored article the update replaces or
    removes (``Store.on_forget`` calls it before the text is gone) and remembers its title,
    date and see-also list; ``written`` names the articles the update wrote (added or
    changed), whose key terms ``refresh`` adds; ``spool`` holds their key-term counts as
    the workers that read them counted them (for a full build).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.df: Counter[str] = Counter()
        self.written: set[str] = set()
        self.spool = Spool(folder)
        # Each replaced article's stored (title, date, see-also JSON), as the catalog has them.
        self.stored: dict[str, tuple[str, str | None, str]] = {}

    def forget(self, article: Article) -> None:
        self.df.subtract(term_counts(article.body)[0].keys())
        when = article.date.isoformat() if article.date else None
        self.stored[article.id] = (article.title, when, json.dumps(article.see_also))


class Spool:
    """Articles' key-term counts (``terms.count``) in an unnamed temporary file: written as
    an update writes the articles, read when the links are refreshed, so that the parent
    neither re-reads and re-tokenises the bodies nor holds every article's counts in
    memory. An article added again replaces its earlier record. ``close`` (or the process
    ending) deletes the file. Records go ``BLOCK`` at a time (``pool.write_block``:
    ``marshal.load`` straight from a file reads a few bytes at a time)."""

    BLOCK = 64

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.file: IO[bytes] | None = None
        self.serial: dict[str, int] = {}  # article id -> its latest record's place
        self.added = 0
        self.pending: list[tuple[str, Counted]] = []
        self.df: Counter[str] = Counter()  # over every record (``frequencies``)
        self.again = False  # an article was added twice

    def add(self, article_id: str, counted: Counted) -> None:
        self.again = self.again or article_id in self.serial
        self.df.update(counted[1].keys())
        self.serial[article_id] = self.added
        self.added += 1
        self.pending.append((article_id, counted))
        if len(self.pending) >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        if self.file is None:
            self.file = tempfile.TemporaryFile(dir=self.folder, prefix=".spool-")  # noqa: SIM115
        write_block(self.file, self.pending)
        self.pending = []

    def records(self, wanted: Container[str]) -> Iterator[tuple[str, Counted]]:
        """The latest record of each spooled article in ``wanted``, in the order added."""
        self._flush()
        if self.file is None:
            return
        self.file.seek(0)
        place = 0
        try:
            for block in read_blocks(self.file):
                for article_id, counted in block:
                    if article_id in wanted and self.serial[article_id] == place:
                        yield article_id, (counted[0], counted[1], counted[2])
                    place += 1
        finally:
            self.file.seek(0, 2)

    def frequencies(self, wanted: Container[str]) -> Counter[str]:
        """In how many of the ``wanted`` articles each term is found: counted as records
        were added, unless one was added again or is not wanted (then read again)."""
        if not self.again and all(i in wanted for i in self.serial):
            return self.df
        df: Counter[str] = Counter()
        for _id, (_hash, counts, _surface) in self.records(wanted):
            df.update(counts.keys())
        return df

    def close(self) -> None:
        self.pending = []
        if self.file is not None:
            self.file.close()
            self.file = None
