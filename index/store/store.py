"""The index folder: a Whoosh full-text index plus the catalog, kept as a cache of the corpus.

Layout of one index folder::

    <index>/catalog.sqlite   manifest, article text and metadata, problems, entities, links
    <index>/whoosh/          the Whoosh index (nothing stored in it but the id)
    <index>.lock             held by the one process updating this index

The index can always be rebuilt from the articles. If it cannot be opened or read, it is
rebuilt into ``<index>.new`` and swapped in by renaming, so a reader never sees half of one.
Whoosh types do not leave ``index.store`` and ``index.search``.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh import index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import IndexWriter

from index.config import Config, EntityConfig
from index.corpus.files import SourceFile, find_files
from index.corpus.options import JsonFields
from index.model import Article, Problem
from index.store import pipeline
from index.store.catalog import Catalog, ManifestEntry
from index.store.pipeline import Prepared
from index.store.schema import document, schema

INDEX_VERSION = "6"  # bump when the schema or the parsing changes: forces a rebuild
# Whoosh's estimate of its posting pool; the real Python objects take about three times as
# much. 128 (the default) let a 10k build reach 600 MB.
WRITER_MB = 32


def open_store(config: Config) -> Store:
    """The store for a configuration's corpus, opened (created or repaired if need be)."""
    if config.feeds and config.feeds_dir is not None:  # before the first fetch: empty, not missing
        with contextlib.suppress(OSError):
            config.feeds_dir.mkdir(parents=True, exist_ok=True)
    store = Store(config.index_path(), config.corpus, config.entities)
    store.json_fields = config.json_fields
    store.open()
    return store


@dataclass(frozen=True)
class Scan:
    """What differs between the corpus folder and the index."""

    manifest: dict[str, ManifestEntry]
    changed: list[SourceFile]  # new or touched files (the hash decides if really changed)
    removed: list[str]  # ids whose files are gone
    unchanged: int
    skipped: tuple[Problem, ...]  # files that could not even be looked at


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
        if problem:
            with self.lock():
                problem = self._try_attach()
                if problem:
                    self.close()
                    self._replace_with_empty()
                    self.attach()
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

    def damage(self) -> str:
        """Why the attached index cannot be trusted, or "" (changes nothing).

        Opening it read every segment's table of contents, which catches deleted or
        truncated segments and a missing or garbled TOC. Garbage written inside a segment
        changes its size or mtime, which the catalog recorded at the last commit.
        """
        assert self.catalog is not None and self.ix is not None
        version = self.catalog.get_meta("version")
        if version != INDEX_VERSION:
            return f"index version {version} is not {INDEX_VERSION}"
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
        files, skipped = find_files(self.roots, self.json_fields)
        manifest = self.catalog.manifest()
        changed: list[SourceFile] = []
        unchanged = 0
        by_path: dict[str, list[ManifestEntry]] = {}  # a file of many articles has many
        for entry in manifest.values():
            by_path.setdefault(entry.path, []).append(entry)
        for source in files:
            own = manifest.get(source.id)
            entries = [own] if own else by_path.get(str(source.path), [])
            try:
                stat = source.path.stat()
            except OSError as error:
                skipped.append(Problem(str(source.path), f"cannot read: {error.strerror}"))
                continue
            if entries and all(
                e.size == stat.st_size and e.mtime == stat.st_mtime for e in entries
            ):
                unchanged += len(entries)  # articles, as the other counts are
            else:
                changed.append(source)
        present = {source.id for source in files}
        removed = [
            i for i, e in manifest.items() if i not in present and not os.path.exists(e.path)
        ]
        return Scan(manifest, changed, removed, unchanged, tuple(skipped))

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
            writer = self.ix.writer(timeout=60.0)
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

    def _replace_with_empty(self) -> None:
        """Swap a fresh empty index in for a damaged one, by rename."""
        new = self.path.with_name(self.path.name + ".new")
        old = self.path.with_name(self.path.name + ".old")
        for leftover in (new, old):
            shutil.rmtree(leftover, ignore_errors=True)
        self._create(new)
        os.rename(self.path, old)
        os.rename(new, self.path)
        shutil.rmtree(old, ignore_errors=True)

    def close(self) -> None:
        if self.catalog is not None:
            self.catalog.close()
        self.catalog = None
        if self.ix is not None:
            self.ix.close()
        self.ix = None

    @contextlib.contextmanager
    def lock(self, wait: bool = True) -> Iterator[bool]:
        """Hold the update lock (an flock, freed by the kernel if the process dies).

        Yields True when held; with ``wait=False`` yields False at once if another process
        holds it.
        """
        lock_path = self.path.with_name(self.path.name + ".lock")
        with open(lock_path, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    yield False
                    return
                if self.on_wait:
                    self.on_wait()
                fcntl.flock(handle, fcntl.LOCK_EX)
            pipeline.HELD.add(handle.fileno())
            try:
                yield True
            finally:
                pipeline.HELD.discard(handle.fileno())
                fcntl.flock(handle, fcntl.LOCK_UN)

    # -- writing (under the update lock; ``index.update`` runs the whole update) ----------

    def start_afresh(self) -> None:
        """Replace the index with an empty one (a rebuild asked for)."""
        self.close()
        self._replace_with_empty()
        self.attach()

    def write(
        self,
        batch: list[Prepared],
        manifest: dict[str, ManifestEntry],
        tick: Callable[[], None] | None = None,
    ) -> list[str]:
        """Write a batch of prepared files in one commit; say what happened to each.

        Each outcome is "added", "updated", "unchanged" or "skipped"; ``tick`` is called
        after each file.
        """
        assert self.catalog is not None and self.ix is not None
        writer = self.ix.writer(timeout=60.0, limitmb=WRITER_MB)
        outcomes: list[str] = []
        fresh: list[Article] = []
        try:
            for item in batch:
                outcomes.append(self._apply(item, manifest, writer, fresh))
                if tick:
                    tick()
            # Merge as we go: skipping merges in a big build left 50 segments at 100k,
            # and the next one-file update paid for merging them (131 s).
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        self.catalog.put(fresh)
        self._record_segments()
        self.catalog.commit()
        return outcomes

    def remove(self, article_ids: Sequence[str]) -> None:
        """Forget articles whose files are gone, from both the index and the catalog."""
        assert self.catalog is not None and self.ix is not None
        if article_ids:
            writer = self.ix.writer(timeout=60.0)
            for article_id in article_ids:
                writer.delete_by_term("id", article_id)
            writer.commit()
            self._record_segments()
        self.catalog.delete(article_ids)

    def reopen(self) -> None:
        """See what the last commits (this process's or another's) wrote."""
        if self.ix is not None:
            self.ix = self.ix.refresh()

    def _apply(
        self,
        item: Prepared,
        manifest: dict[str, ManifestEntry],
        writer: IndexWriter,
        fresh: list[Article],
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
        writer.update_document(**document(item.article, item.entity_names))
        fresh.append(article)
        self.catalog.put_entities(article.id, item.mentions, item.entities)
        return "updated" if entry else "added"


def _stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]
