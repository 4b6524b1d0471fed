"""The model, seen from the reader: every call runs on a thread of the reader's own.

Whoosh readers and the SQLite connection are not to be shared between threads, and nothing
slow may run on the UI thread, so each service below owns one Store on one thread and the
UI awaits its answers. Results are plain data; the panes draw them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from index.config import Config
from index.corpus.files import SourceFile, find_files
from index.corpus.sources import read_articles
from index.links import views as links
from index.model import (
    Article,
    Entity,
    EntityHit,
    Mention,
    Problem,
    Reference,
    Related,
    SearchResult,
    Summary,
)
from index.search import Searcher
from index.store.catalog import Catalog
from index.store.store import Store, open_store

T = TypeVar("T")


@dataclass(frozen=True)
class ArticleData:
    """Everything the panes show for one article.

    ``None`` means not available yet: an article read from its file before the first index
    build has no entities or cross-references.
    """

    article: Article
    mentions: tuple[Mention, ...] | None = None
    entities: tuple[Entity, ...] | None = None
    references: tuple[Reference, ...] | None = None
    backlinks: tuple[Reference, ...] | None = None
    related: tuple[Related, ...] | None = None
    notes: tuple[str, ...] = ()  # the parts that failed to load, and why
    no_related: str = ""  # why there are no related stories, when there are none


@dataclass
class Listing:
    """The corpus as the list shows it; ``provisional`` when read from files, not the index."""

    summaries: list[Summary]
    count: int
    provisional: bool = False
    problems: list[Problem] = field(default_factory=list)


class _Thread:
    """One worker thread; ``call`` runs a function there and awaits the answer."""

    def __init__(self, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, partial(fn, *args))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class Reader(_Thread):
    """Articles, entities and cross-references, from one Store on one thread."""

    def __init__(self, config: Config) -> None:
        super().__init__("storyline-reader")
        self.config = config
        self.store: Store | None = None
        self._files: dict[str, SourceFile] = {}

    # Everything below runs on the reader's thread (through ``call``).

    def open(self) -> Listing:
        """Open the index (creating it if missing) and list what it holds.

        An index with nothing in it yet lists the corpus's files by name instead, so the
        articles show at once while the first build runs.
        """
        self.store = open_store(self.config)
        return self.listing()

    def listing(self) -> Listing:
        catalog = self._catalog()
        summaries = catalog.summaries()
        skipped, _ = catalog.problems()
        if summaries:
            self._files = {}
            return Listing(summaries, len(summaries), problems=skipped)
        files, problems = find_files(self.config.corpus)
        self._files = {f.id: f for f in files}
        rows = [Summary(f.id, f.id) for f in files]
        return Listing(rows, len(rows), provisional=True, problems=problems)

    def refresh(self) -> Listing:
        """See what another process wrote: the catalog sees it already; Whoosh must reopen."""
        assert self.store is not None and self.store.ix is not None
        self.store.ix = self.store.ix.refresh()
        return self.listing()

    def _catalog(self) -> Catalog:
        assert self.store is not None and self.store.catalog is not None
        return self.store.catalog

    def load(self, article_id: str) -> ArticleData | None:
        catalog = self._catalog()
        article = catalog.article(article_id)
        if article is None and article_id in self._files:
            found, _ = read_articles(self._files[article_id])  # a page, a feed: not raw markup
            article = found[0] if found else None
            return ArticleData(article) if article is not None else None
        if article is None:
            return None
        notes: list[str] = []

        def part(fn: Callable[..., Any], *args: Any) -> tuple[Any, ...]:
            try:
                return tuple(fn(*args))
            except Exception as error:  # noqa: BLE001 - one part failing leaves the others
                notes.append(f"{type(error).__name__}: {error}")
                return ()

        store = self.store
        related = part(links.related, store, article_id)
        return ArticleData(
            article,
            mentions=part(catalog.article_mentions, article_id),
            entities=part(catalog.article_entities, article_id),
            references=part(links.references, store, article_id),
            backlinks=part(links.backlinks, store, article_id),
            related=related,
            notes=tuple(notes),
            no_related="" if related else links.no_related_reason(store, article_id),
        )

    def entity_articles(self, key: str) -> list[EntityHit]:
        """The articles naming an entity (the first 200, newest first), each with a snippet."""
        return links.entity_articles(self.store, key)

    def find_entities(self, text: str, limit: int = 20) -> list[tuple[Entity, int]]:
        return self._catalog().find_entities(text, limit)

    def problems(self) -> tuple[list[Problem], list[Problem]]:
        skipped, warnings = self._catalog().problems()
        return list(skipped), list(warnings)


class SearchService(_Thread):
    """Full-text search on a thread of its own, with one long-lived Searcher."""

    def __init__(self, config: Config) -> None:
        super().__init__("storyline-search")
        self.config = config
        self._searcher: Searcher | None = None

    def search(self, query: str, limit: int) -> SearchResult:
        if self._searcher is None:
            self._searcher = Searcher(open_store(self.config))
        return self._searcher.search(query, limit=limit, snippets=limit)
