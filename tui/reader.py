"""The model, seen from the reader: every call runs on a thread of the reader's own.

Whoosh readers and the SQLite connection are not to be shared between threads, and nothing
slow may run on the UI thread, so each service below owns one Store on one thread and the
UI awaits its answers. Results are plain data; the panes draw them.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
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
    duplicates: tuple[tuple[str, str], ...] = ()  # (id, title) of its exact and near copies


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

    def titles(self, ids: list[str]) -> list[Summary]:
        """Before the first build: the rows of files listed by name, read for their headline."""
        summaries = []
        for article_id in ids:
            source = self._files.get(article_id)
            found = read_articles(source)[0] if source is not None else []
            article = found[0] if found else None  # a page, a feed: not raw markup
            if article is not None:
                summaries.append(Summary(article_id, article.title, article.date, article.source))
        return summaries

    def why_missing(self, article_id: str) -> str:
        """Why an article cannot be shown: the file's problem, as the last update found it."""
        source = self._files.get(article_id)
        if source is not None:
            _, problems = read_articles(source)
            if problems:
                return "; ".join(problem.reason for problem in problems)
        skipped, _ = self._catalog().problems()
        for problem in skipped:
            if Path(problem.path).with_suffix("").as_posix().endswith(article_id):
                return problem.reason
        return "it is not in the index"

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
            duplicates=self._duplicates(article_id, part),
        )

    def _duplicates(
        self, article_id: str, part: Callable[..., tuple[Any, ...]]
    ) -> tuple[tuple[str, str], ...]:
        copies = part(links.duplicates_of, self.store, article_id)
        titles = self._catalog().link_titles(copies) if copies else {}
        return tuple((i, titles.get(i, i)) for i in copies)

    def entity_articles(self, key: str) -> list[EntityHit]:
        """The articles naming an entity (the first 200, newest first), each with a snippet."""
        return links.entity_articles(self.store, key)

    def find_entities(self, text: str, limit: int = 20) -> list[tuple[Entity, int]]:
        return self._catalog().find_entities(text, limit)

    def problems(self) -> tuple[list[Problem], list[Problem]]:
        skipped, warnings = self._catalog().problems()
        return list(skipped), list(warnings)


class SearchService:
    """Full-text search that a slow query never blocks.

    Each query runs on an idle thread of its own (up to ``LANES``), and each thread keeps its
    own long-lived Searcher (Whoosh readers are not shared between threads). A query that a
    newer one abandons cannot be interrupted, so it runs out on its thread while the newer
    one starts at once on another; only when every thread is busy does a query wait.
    """

    LANES = 4

    def __init__(self, config: Config) -> None:
        self.config = config
        self._local = threading.local()
        self._lanes: list[ThreadPoolExecutor] = []
        self._idle: list[ThreadPoolExecutor] = []
        self._freed = asyncio.Event()

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        lane = await self._take()
        loop = asyncio.get_running_loop()
        future = lane.submit(fn, *args)
        future.add_done_callback(lambda _: _soon(loop, self._give, lane))
        return await asyncio.wrap_future(future)

    @property
    def busy(self) -> int:
        """Threads still running a query (an abandoned one counts until it ends)."""
        return len(self._lanes) - len(self._idle)

    async def _take(self) -> ThreadPoolExecutor:
        while True:
            if self._idle:
                return self._idle.pop()
            if len(self._lanes) < self.LANES:
                lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="storyline-search")
                self._lanes.append(lane)
                return lane
            self._freed.clear()
            await self._freed.wait()

    def _give(self, lane: ThreadPoolExecutor) -> None:
        if lane in self._lanes and lane not in self._idle:
            self._idle.append(lane)
            self._freed.set()

    def search(self, query: str, limit: int, snippets: int | None = None) -> SearchResult:
        """Runs on one of the search threads, with that thread's Searcher."""
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = Searcher(open_store(self.config))
        return searcher.search(query, limit=limit, snippets=limit if snippets is None else snippets)

    def close(self) -> None:
        for lane in self._lanes:
            lane.shutdown(wait=False, cancel_futures=True)
        self._lanes, self._idle = [], []


def _soon(loop: asyncio.AbstractEventLoop, fn: Callable[..., Any], *args: Any) -> None:
    """Call ``fn`` on the loop's thread, unless the loop has closed (the reader has quit)."""
    with contextlib.suppress(RuntimeError):
        loop.call_soon_threadsafe(fn, *args)
