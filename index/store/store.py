"""The index folder: a Whoosh full-text index plus the catalog, kept as a cache of the corpus.

Layout of one index folder::

    <index>/catalog.sqlite   manifest, article text and metadata, problems, entities, links
    <index>/whoosh/          the Whoosh index (nothing stored in it but the id)
    <index>.lock             held by the one process updating this index

The entity extractor is built once and kept for every index in the user's cache
(``pipeline.keeping``), or in the index folder where that cannot be written.

The index can always be rebuilt from the articles. If it cannot be opened or read, it is
rebuilt into ``<index>.new`` and swapped in by renaming, so a reader never sees half of one.
Whoosh types do not leave ``index.store`` and ``index.search``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexWriter

from index.config import Config, EntityConfig
from index.corpus.options import JsonFields
from index.model import Article
from index.store import locking, pool, workers
from index.store.catalog import Catalog, ManifestEntry
from index.store.pipeline import Prepared
from index.store.scan import Scan, scan
from index.store.schema import article_words, schema

INDEX_VERSION = "9"  # bump when the schema or the parsing changes: forces a rebuild
# (9: encoded data gives no entities, surface words or key terms; words have their "after")
OUTDATED = "index version"


def open_store(config: Config) -> Store:
    """The store for a configuration's corpus, opened (created or repaired if need be)."""
    if config.feeds and config.feeds_dir is not None:  # before the first fetch: empty, not missing
        with contextlib.suppress(OSError):
            config.feeds_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.index_path(), config.corpus, config.entities)
    store.json_fields = config.json_fields
    store.open()
    return store


class Store:
    """An open index folder for one corpus."""

    def __init__(
        self, path: Path, roots: Sequence[Path], entities: EntityConfig | None = None
    ) -> None:
        self.path = path
        self.roots = tuple(roots)
        self.entities = entities or EntityConfig()
        self.catalog: Catalog | None = None
        self.ix: index.Index | None = None
        self.repaired = ""  # why the index had to be rebuilt when opened, until reported
        self.on_wait: Callable[[], None] | None = None  # called before waiting for the lock
        self.json_fields: JsonFields = ()  # config's names for JSON articles' fields
        self.outdated = ""  # why the index must be rebuilt (it still answers meanwhile)
        self._identity: tuple[int, int] | None = None  # the folder attached (device, inode)
        # Called with the stored version of each article a write replaces or a removal
        # forgets, before it is gone (the update keeps the links' term counts exact with it).
        self.on_forget: Callable[[Article], None] | None = None
        # Surface-word counts of what was written since the last commit: counted once per
        # commit, not per batch (a build writes in small batches, sharing most words).
        self._words: Counter[str] = Counter()

    # -- opening -------------------------------------------------------------------------

    def open(self) -> str:
        """Open the index, creating it if missing; return why it had to be rebuilt, or "".

        A reader can open the index while another process commits to it, and a commit can
        delete segment files the reader was about to open. So damage is only acted on under
        the update lock, after looking again.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            with self.lock():
                if not self.path.exists():
                    self._create(self.path)
        problem = self._try_attach()
        if problem.startswith(OUTDATED):
            self.outdated, problem = problem, ""  # rebuilt beside it by the next update
        if problem:
            with self.lock():
                problem = self._try_attach()
                if problem:  # a fresh empty index swapped in, by rename
                    self.swap_in(self.beside())
                    self.repaired = problem
            return problem
        in_index, in_catalog = self.counts()
        if in_index != in_catalog:
            with self.lock(wait=False) as held:
                if held:  # no writer at work: the disagreement is left by a killed update
                    self._reconcile()
        return ""

    def _try_attach(self) -> str:
        """Attach afresh; return why the index cannot be trusted, or ""."""
        self.close()
        try:
            self.attach()
            self.counts()  # opens a reader: every segment must open
            return self.damage()
        except Exception as error:  # noqa: BLE001 - any failure to open is damage
            self.close()
            return f"{type(error).__name__}: {error}"[:200]

    def attach(self) -> None:
        """Open the catalog and the full-text index as they are (no checks, no repair)."""
        self.catalog = Catalog(self.path / "catalog.sqlite")
        # Without mmap: Whoosh copies every file it reads out of a memory-mapped segment
        # onto the heap (BufferFile), so a searcher on a 100k index took 1.1 GB; read from
        # the file instead it takes 30 MB (searches about 20% slower).
        storage = FileStorage(str(self.path / "whoosh"), supports_mmap=False)
        self.ix = storage.open_index()
        self._identity = _identity(self.path)

    def damage(self) -> str:
        """Why the attached index cannot be trusted, or "" (changes nothing).

        Opening it read every segment's table of contents, which catches deleted or
        truncated segments and a missing or garbled TOC. Garbage written inside a segment
        changes its size or mtime, which the catalog recorded at the last commit.
        """
        assert self.catalog is not None and self.ix is not None
        version = self.catalog.get_meta("version")
        if version != INDEX_VERSION:
            return f"{OUTDATED} {version} is not {INDEX_VERSION}"
        recorded = json.loads(self.catalog.get_meta("segments") or "{}")
        for name, stamp in recorded.items():
            path = self.path / "whoosh" / name
            if path.exists() and _stamp(path) != stamp:
                return f"segment {name} was changed outside storyline"
        return ""

    def counts(self) -> tuple[int, int]:
        """(articles in the full-text index, articles in the catalog)."""
        assert self.catalog is not None and self.ix is not None
        with self.ix.searcher() as searcher:
            return searcher.doc_count(), self.catalog.count()

    def scan(self) -> Scan:
        """Compare the corpus with the manifest: what an update would have to do."""
        assert self.catalog is not None
        return scan(self.catalog, self.roots, self.json_fields)

    def _reconcile(self) -> None:
        """Make the catalog and the full-text index hold the same articles.

        They disagree only when a process was killed between the index's commit and the
        catalog's: forget what only one of them has, and the next update redoes it.
        """
        assert self.catalog is not None and self.ix is not None
        with self.ix.searcher() as searcher:
            in_index = {fields["id"] for fields in searcher.all_stored_fields()}
        in_catalog = set(self.catalog.manifest())
        self.catalog.delete(in_catalog - in_index)
        self.catalog.commit()
        orphans = in_index - in_catalog
        if orphans:  # the caller holds the update lock
            writer = pool.writer(self.ix)
            for article_id in orphans:
                writer.delete_by_term("id", article_id)
            writer.commit()
            self.ix = self.ix.refresh()

    def _record_segments(self) -> None:
        """Remember each segment file's size and mtime, to notice later tampering."""
        assert self.catalog is not None
        stamps = {p.name: _stamp(p) for p in (self.path / "whoosh").glob("*.seg")}
        self.catalog.set_meta("segments", json.dumps(stamps))

    def _create(self, path: Path) -> None:
        path.mkdir(parents=True)
        (path / "whoosh").mkdir()
        index.create_in(str(path / "whoosh"), schema())
        catalog = Catalog(path / "catalog.sqlite")
        catalog.set_meta("version", INDEX_VERSION)
        catalog.commit()
        catalog.close()

    def close(self) -> None:
        if self.catalog is not None:
            self.catalog.close()
        self.catalog = None
        if self.ix is not None:
            self.ix.close()
        self.ix = None

    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        """Hold the update lock (``locking.hold``): True when held; with ``wait=False``
        False at once if another process holds it."""
        lock_path = self.path.with_name(self.path.name + ".lock")
        with locking.hold(lock_path, wait, self.on_wait) as held:
            yield held

    # -- writing (under the update lock; ``index.update`` runs the whole update) ----------

    def write(
        self,
        batch: list[Prepared],
        manifest: dict[str, ManifestEntry],
        tick: Callable[[], None] | None = None,
        writer: IndexWriter | None = None,
    ) -> list[str]:
        """Write a batch of prepared files in one commit; say what happened to each.

        Each outcome is "added", "updated", "unchanged" or "skipped"; ``tick`` is called
        after each file. Given an open ``writer`` (a build), the batch is added to it and
        committed by ``commit`` at the end instead: one segment, one merge.
        """
        assert self.catalog is not None and self.ix is not None
        if writer is not None:
            return self._write(batch, manifest, tick, writer)
        writer = self.writer()
        try:
            outcomes = self._write(batch, manifest, tick, writer)
        except BaseException:
            self.cancel(writer)
            raise
        self.commit(writer)
        return outcomes

    def writer(self) -> IndexWriter:
        """A writer that reads through mmap: a commit reads the new segment's field lengths
        back once per posting, a seek and a read each without it (3 s of a 2k build)."""
        ix = FileStorage(str(self.path / "whoosh")).open_index()
        return pool.writer(ix)

    def commit(self, writer: IndexWriter) -> None:
        """Commit the full-text index, then the catalog (whose counts record the segments)."""
        writer.commit()
        self.finish_commit()

    def finish_commit(self) -> None:
        """The catalog's half of a commit, after the full-text index's."""
        assert self.catalog is not None
        self._record_segments()
        self.catalog.count_words(self._words)
        self._words = Counter()
        self.catalog.commit()

    def commit_apart(self, writer: IndexWriter) -> workers.Apart:
        """Start committing the full-text index in a forked process, so that this one can
        go on (a build's links) while Whoosh sorts and writes its postings, most of a build's
        single-core time. Wait for it, then ``finish_commit``. The writer is the child's
        from here on: never cancel it."""
        pool.flush_files(writer)  # nothing left in this process's buffers to write twice
        apart = workers.run_apart(writer.commit, f"{self.path}: writing the full-text index")
        # The words counted for "did you mean" go to the catalog now, not held through the links.
        assert self.catalog is not None
        self.catalog.count_words(self._words)
        self._words = Counter()
        return apart

    def cancel(self, writer: IndexWriter) -> None:
        """Drop what was written since the last commit (the catalog is rolled back by the
        caller's error, or left for the next update to reconcile)."""
        writer.cancel()
        self._words = Counter()

    def _write(
        self,
        batch: list[Prepared],
        manifest: dict[str, ManifestEntry],
        tick: Callable[[], None] | None,
        writer: IndexWriter,
    ) -> list[str]:
        assert self.catalog is not None
        outcomes: list[str] = []
        fresh: list[Article] = []
        for item in batch:
            outcomes.append(self._apply(item, manifest, writer, fresh, self._words))
            if tick:
                tick()
        self.catalog.put(fresh)
        return outcomes

    def remove(self, article_ids: Sequence[str]) -> None:
        """Forget articles whose files are gone, from both the index and the catalog."""
        assert self.catalog is not None and self.ix is not None
        if article_ids:
            writer = pool.writer(self.ix)
            for article_id in article_ids:
                writer.delete_by_term("id", article_id)
            writer.commit()
            self._record_segments()
        gone: Counter[str] = Counter()
        for article_id in article_ids:
            self._forget(self.catalog.article(article_id), gone)
        self.catalog.count_words(gone)
        self.catalog.delete(article_ids)

    def reopen(self) -> None:
        """See what the last commits (this process's or another's) wrote, or the index a
        rebuild swapped in."""
        if self.swapped():
            self.close()
            self.attach()
        elif self.ix is not None:
            self.ix = self.ix.refresh()

    def swapped(self) -> bool:
        """Whether a rebuild has put another index folder at this path since we attached."""
        return self._identity is not None and _identity(self.path) != self._identity

    # -- rebuilding beside the live index --------------------------------------------------

    def beside(self) -> Store:
        """A new, empty store at ``<index>.new`` (left over from a killed rebuild: removed
        first), to be filled and then swapped in. The live index keeps answering meanwhile."""
        new = self.path.with_name(self.path.name + ".new")
        shutil.rmtree(new, ignore_errors=True)
        self._create(new)
        store = Store(new, self.roots, self.entities)
        store.json_fields = self.json_fields
        store.attach()
        return store

    def swap_in(self, new: Store) -> None:
        """Make the complete index ``new`` the live one, by renaming folders.

        Between the two renames the path is missing for an instant: a process opening the
        index then waits for the update lock, which the caller holds. The old folder is
        deleted at once; readers that have it open keep reading their open files (POSIX),
        notice the swap (``swapped``) and attach to the new one.
        """
        new.close()
        old = self.path.with_name(self.path.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        self.close()
        if self.path.exists():
            os.rename(self.path, old)
        os.rename(new.path, self.path)
        shutil.rmtree(old, ignore_errors=True)
        self.attach()

    def _apply(
        self,
        item: Prepared,
        manifest: dict[str, ManifestEntry],
        writer: IndexWriter,
        fresh: list[Article],
        words: Counter[str],
    ) -> str:
        """Write one prepared file; say what happened to it."""
        assert self.catalog is not None
        article = item.article
        if article is None:
            return "skipped"
        entry = manifest.get(article.id)
        if entry and entry.hash == article.content_hash:
            self.catalog.touch(article.id, article.mtime, article.size)  # touched, not changed
            return "unchanged"
        assert item.document is not None  # set with the article (``pipeline.prepare``)
        writer.update_document(**item.document)
        if entry:
            self._forget(self.catalog.article(article.id), words)
        if item.words:
            words.update(item.words.split("\n"))
        fresh.append(article)
        # An empty index (a build) has no mentions to replace.
        self.catalog.put_entities(article.id, item.mentions, item.entities, bool(manifest))
        return "updated" if entry else "added"

    def _forget(self, article: Article | None, words: Counter[str]) -> None:
        """Take the stored version of an article (being replaced or removed) away from the
        word counts, and tell ``on_forget``."""
        if article is not None:
            words.subtract(article_words(article))
            if self.on_forget is not None:
                self.on_forget(article)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]
