"""The update: bring an index up to date with its corpus, touching only what changed.

One function runs the steps in order, above the modules that do them: scan the corpus
against the manifest (``index.store``), read and extract the changed files in worker
processes (``index.store.pipeline``), write them to the full-text index and the catalog
(``Store.write``), forget removed files, then refresh the precomputed cross-references
(``index.links``). Only one process updates an index at a time (``Store.lock``).

A rebuild (asked for, or forced by a new index format) is built beside the live index and
swapped in when complete, so searches keep answering from the last complete index; a killed
rebuild leaves the live index as it was (its half-built folder is removed by the next one).
A build of an empty index uses one writer for everything: one segment, one merge at the end;
a large one commits it in a child process while this one builds the links.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from dataclasses import replace

from index.links import views as links
from index.model import Problem, UpdateReport
from index.store import workers
from index.store.pipeline import Prepared, prepare_all
from index.store.store import Store

BATCH = 2000  # documents per commit in an update (an interrupted one keeps what it committed)
# Documents written at a time in a build (one commit at the end): small, so that the parent
# writes while the workers prepare the next ones instead of the two taking turns.
BUILD_BATCH = 64
COMMIT_APART_FROM = 1000  # a build of this many files commits Whoosh beside the links build
PROGRESS_EVERY = 50
GC_EVERY = 10_000  # allocations between young-generation collections during an update

Progress = Callable[[int, int], None]


def update_index(
    store: Store, rebuild: bool = False, progress: Progress | None = None, wait: bool = True
) -> UpdateReport:
    """Bring the store's index up to date with its corpus.

    With ``wait=False`` a reader that finds another process updating goes on with the index
    as it is (``report.busy``). ``progress(done, total)`` is called as files are written.
    """
    started = time.perf_counter()
    if store.ix is None:
        store.open()
    rebuilt, store.repaired = store.repaired, ""
    with store.lock(wait=wait) as held:
        if not held:
            store.reopen()
            return UpdateReport(busy=True, rebuilt=rebuilt)
        if rebuild or store.outdated:
            rebuilt = "asked for" if rebuild else store.outdated
            new = store.beside()
            try:
                report = _update(new, progress)
            except BaseException:
                new.close()
                raise
            store.swap_in(new)
            store.outdated = ""
        else:
            report = _update(store, progress)
    return replace(report, rebuilt=rebuilt, seconds=time.perf_counter() - started)


def _update(store: Store, progress: Progress | None) -> UpdateReport:
    # The store tells what it replaces or removes, so the links' word counts stay exact.
    changes = links.Changes(store.path)
    store.on_forget = changes.forget
    # An update allocates millions of short-lived objects and makes few reference cycles:
    # a young-generation collection every GC_EVERY allocations, not every 700, here and in
    # the workers it forks (at 2,263 real posts, 0.25 of 0.75 collecting CPU-seconds less).
    threshold = gc.get_threshold()
    gc.set_threshold(GC_EVERY, *threshold[1:])
    try:
        return _steps(store, progress, changes)
    finally:
        gc.set_threshold(*threshold)
        store.on_forget = None
        changes.spool.close()


def _steps(store: Store, progress: Progress | None, changes: links.Changes) -> UpdateReport:
    assert store.catalog is not None
    scan = store.scan()
    manifest, changed, removed = scan.manifest, scan.changed, scan.removed
    skipped, unchanged = list(scan.skipped), scan.unchanged
    added = updated = 0
    warnings: list[Problem] = []
    done, to_write = 0, len(changed)

    def tick() -> None:
        nonlocal done
        done += 1
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, to_write)

    if progress:
        progress(0, to_write)
    produced: dict[str, set[str]] = {}  # file -> the ids of the articles it holds now
    # An empty index is built with one writer (one segment); an update commits per batch,
    # so an interrupted one keeps what it committed, and says so: the next update then
    # recounts the entities and rebuilds the links its text changes were not given to.
    stale = links.needs_refresh(store)
    writer = store.writer() if not manifest and changed else None
    if changed and manifest:
        links.mark_pending(store)
    apart: workers.Apart | None = None
    try:
        for batch in _batches(
            prepare_all(changed, store.entities, store.path),
            BATCH if writer is None else BUILD_BATCH,
        ):
            outcomes = store.write(batch, manifest, tick, writer)
            for item, outcome in zip(batch, outcomes, strict=True):
                if item.article is not None:
                    produced.setdefault(item.article.path, set()).add(item.article.id)
                if outcome == "skipped":
                    skipped.extend(item.problems)
                else:
                    warnings.extend(item.problems)
                    added += outcome == "added"
                    updated += outcome == "updated"
                    if outcome in ("added", "updated") and item.article is not None:
                        changes.written.add(item.article.id)
                        if item.counted is not None:
                            changes.spool.add(item.article.id, item.counted)
                    unchanged += outcome == "unchanged"
            if progress:
                progress(done, to_write)
        if writer is not None and len(changed) >= COMMIT_APART_FROM and stale:
            # A large build: Whoosh commits in a child process while this one builds the
            # links (a full links build reads only the catalog, never the full-text index).
            apart = store.commit_apart(writer)
            writer = None
        elif writer is not None:
            store.commit(writer)
    except BaseException:
        if writer is not None:
            store.cancel(writer)
        raise
    try:
        # A file of many articles (a feed, JSON lines) that lost some: forget those. A file
        # that yields nothing now (broken XML) keeps what it had, as a broken text file does.
        removed += [
            i for i, e in manifest.items() if e.path in produced and i not in produced[e.path]
        ]
        store.remove(removed)
        store.catalog.set_problems(skipped, warnings)
        touched = {s.id for s in changed} | {i for ids in produced.values() for i in ids}
        was_written = bool(changed and manifest)
        # The scan and what each file produced are not needed by the links build, the step
        # that needs the most memory (at 100,000 articles, tens of megabytes): let them go.
        del scan, manifest, changed, produced
        if added or updated or removed or stale:
            store.catalog.refresh_entity_totals(everything=stale)
            links.refresh(store, touched, set(removed), changes, stale)
        elif was_written:
            links.mark_pending(store, False)  # nothing was written after all
        if apart is not None:
            apart.wait()
            apart = None
            store.finish_commit()
        store.catalog.commit()
        store.reopen()
    finally:
        if apart is not None:
            apart.abandon()
    return UpdateReport(added, updated, len(removed), unchanged, tuple(skipped), tuple(warnings))


def _batches(items: Iterator[Prepared], size: int) -> Iterator[list[Prepared]]:
    batch: list[Prepared] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
