"""Turning files into what the index stores: read, parse, extract entities.

This is the CPU-heavy part of indexing, so a large batch runs in worker processes (the
writer stays in the parent, as Whoosh allows one writer per index).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from index.config import EntityConfig
from index.corpus.files import SourceFile
from index.corpus.sources import read_articles
from index.entities.extractor import Extractor
from index.model import Article, Entity, Mention, Problem
from index.store import workers
from index.store.schema import analysed, document, words_of

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
    words: frozenset[str] = frozenset()  # its surface words (``schema.words_of``)
    # What the full-text index files for it, its text analysed (``schema.analysed``).
    document: dict[str, object] | None = None

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
        named = tuple(found.entities(mentions))
        words = frozenset(words_of(article.title + "\n" + article.body))
        doc = analysed(document(article, [e.name for e in named if e.label in NAMED]))
        prepared.append(Prepared(source, article, (), tuple(mentions), named, words, doc))
    if len(articles) == 1 and articles[0].id == source.id:  # one article: its own warnings
        return [replace(prepared[0], problems=tuple(problems))]
    if problems:
        prepared.append(Prepared(source, None, tuple(problems)))
    return prepared


def prepare_all(
    sources: Sequence[SourceFile], entities: EntityConfig | None = None
) -> Iterator[Prepared]:
    """Prepare files in order, in worker processes when there are many."""
    config = entities or EntityConfig()
    count = workers.count()
    if len(sources) < PARALLEL_FROM or count < 2:
        for source in sources:
            yield from prepare(source, config)
        return
    extractor(config)  # built once here, shared by the forked workers
    chunks = [(sources[i : i + CHUNK], config) for i in range(0, len(sources), CHUNK)]
    for prepared in workers.ordered_map(_prepare_chunk, chunks, count):
        yield from prepared


def _prepare_chunk(job: tuple[Sequence[SourceFile], EntityConfig]) -> list[Prepared]:
    chunk, entities = job
    return [item for source in chunk for item in prepare(source, entities)]
