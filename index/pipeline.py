"""Turning files into what the index stores: read, parse, extract entities.

This is the CPU-heavy part of indexing, so a large batch runs in worker processes (the
writer stays in the parent, as Whoosh allows one writer per index).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from index.corpus import SourceFile, read_article
from index.model import Article, Problem

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves


@dataclass(frozen=True)
class Prepared:
    """One file, read and analysed, ready to write."""

    source: SourceFile
    article: Article | None
    problems: tuple[Problem, ...]
    entity_names: tuple[str, ...] = ()


def prepare(source: SourceFile) -> Prepared:
    article, problems = read_article(source)
    return Prepared(source, article, tuple(problems))


def prepare_all(sources: Sequence[SourceFile]) -> Iterator[Prepared]:
    """Prepare files in order, in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 4)
    if len(sources) < PARALLEL_FROM or workers < 2:
        yield from map(prepare, sources)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(prepare, sources, chunksize=32)
