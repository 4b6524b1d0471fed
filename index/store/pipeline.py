"""Turning files into what the index stores: read, parse, extract entities.

This is the CPU-heavy part of indexing, so a large batch runs in worker processes (the
writer stays in the parent, as Whoosh allows one writer per index).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from index.config import EntityConfig
from index.corpus.files import SourceFile
from index.corpus.sources import read_articles
from index.entities.extractor import Extractor
from index.model import Article, Entity, Mention, Problem

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves
CHUNK = 32  # files a worker prepares per task


@dataclass(frozen=True)
class Prepared:
    """One file, read and analysed, ready to write."""

    source: SourceFile
    article: Article | None
    problems: tuple[Problem, ...]
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()

    @property
    def entity_names(self) -> tuple[str, ...]:
        """Names of the article's named entities, for the index's ``entity:`` field."""
        return tuple(e.name for e in self.entities if e.label in NAMED)


NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})


_extractors: dict[str, Extractor] = {}


def extractor(config: EntityConfig) -> Extractor:
    """One extractor per process and configuration: building it is the costly part."""
    key = repr(config)
    if key not in _extractors:
        _extractors[key] = Extractor(
            extra=config.extra,
            aliases=config.aliases,
            suppress=config.suppress,
            backend=config.backend,
        )
    return _extractors[key]


def prepare(source: SourceFile, entities: EntityConfig | None = None) -> list[Prepared]:
    """A file's articles, each with its entities; a file that yields none gives one
    ``Prepared`` without an article, holding the problems. A file of many articles gives
    its file-wide problems (a bad line) a ``Prepared`` of their own, so they are reported
    as skipped while the good articles are written.
    """
    articles, problems = read_articles(source)
    if not articles:
        return [Prepared(source, None, tuple(problems))]
    found = extractor(entities or EntityConfig())
    prepared = []
    for article in articles:
        mentions = found.extract(article.body)
        prepared.append(
            Prepared(source, article, (), tuple(mentions), tuple(found.entities(mentions)))
        )
    if len(articles) == 1 and articles[0].id == source.id:  # one article: its own warnings
        return [replace(prepared[0], problems=tuple(problems))]
    if problems:
        prepared.append(Prepared(source, None, tuple(problems)))
    return prepared


def prepare_all(
    sources: Sequence[SourceFile], entities: EntityConfig | None = None
) -> Iterator[Prepared]:
    """Prepare files in order, in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(sources) < PARALLEL_FROM or workers < 2:
        for source in sources:
            yield from prepare(source, entities or EntityConfig())
        return
    # Forked workers start at once and share the extractor built here (copy-on-write).
    # They must not keep the update lock alive, nor outlive a killed parent: see _adopt.
    config = entities or EntityConfig()
    extractor(config)
    context = multiprocessing.get_context("fork")
    chunks = [sources[i : i + CHUNK] for i in range(0, len(sources), CHUNK)]
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_adopt, initargs=(tuple(HELD),)
    ) as pool:
        # A bounded window: workers run at most a few chunks ahead of the single writer,
        # so finished articles do not pile up in memory (``pool.map`` submits them all).
        window: deque[Future[list[Prepared]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(_prepare_chunk, chunk, config))
            if len(window) >= workers * 2:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


HELD: set[int] = set()  # descriptors of locks this process holds (the store fills it)


def _adopt(held: tuple[int, ...]) -> None:
    """Run first in each worker: drop inherited lock descriptors, die with the parent,
    leave Ctrl-C to the parent.

    A forked worker inherits the parent's update lock; if the parent is killed the lock
    would live on in the worker and the next build would wait forever. PR_SET_PDEATHSIG
    (Linux) sends the worker SIGKILL when its parent dies.
    """
    for fd in held:
        with contextlib.suppress(OSError):
            os.close(fd)
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before we got here
        os._exit(1)


def _prepare_chunk(chunk: Sequence[SourceFile], entities: EntityConfig) -> list[Prepared]:
    return [item for source in chunk for item in prepare(source, entities)]
