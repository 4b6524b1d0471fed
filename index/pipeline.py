"""Turning files into what the index stores: read, parse, extract entities.

This is the CPU-heavy part of indexing, so a large batch runs in worker processes (the
writer stays in the parent, as Whoosh allows one writer per index).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

from index.config import EntityConfig
from index.corpus import SourceFile, read_article
from index.entities import Extractor
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


def prepare(source: SourceFile, entities: EntityConfig | None = None) -> Prepared:
    article, problems = read_article(source)
    if article is None:
        return Prepared(source, None, tuple(problems))
    found = extractor(entities or EntityConfig())
    mentions = found.extract(article.body)
    return Prepared(
        source, article, tuple(problems), tuple(mentions), tuple(found.entities(mentions))
    )


def prepare_all(
    sources: Sequence[SourceFile], entities: EntityConfig | None = None
) -> Iterator[Prepared]:
    """Prepare files in order, in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(sources) < PARALLEL_FROM or workers < 2:
        yield from map(partial(prepare, entities=entities or EntityConfig()), sources)
        return
    # "spawn": workers must not inherit the update lock's file descriptor, or a killed
    # build would leave orphans holding the lock; spawned workers also exit when the
    # parent dies, as their pipe closes.
    context = multiprocessing.get_context("spawn")
    chunks = [sources[i : i + CHUNK] for i in range(0, len(sources), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        # A bounded window: workers run at most a few chunks ahead of the single writer,
        # so finished articles do not pile up in memory (``pool.map`` submits them all).
        window: deque[Future[list[Prepared]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(_prepare_chunk, chunk, entities or EntityConfig()))
            if len(window) >= workers * 2:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()


def _prepare_chunk(chunk: Sequence[SourceFile], entities: EntityConfig) -> list[Prepared]:
    return [prepare(source, entities) for source in chunk]
