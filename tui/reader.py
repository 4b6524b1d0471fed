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

from index import links
from index.config import Config
from index.corpus import SourceFile, find_files, read_article
from index.model import Article, Problem, SearchResult, Summary
from index.search import Searcher
from index.store import Store, open_store
from tui.placement import reference_positions

T = TypeVar("T")
SNIPPETS = 200  # entity article rows given a snippet; the rest show their count only


@dataclass(frozen=True)
class ArticleData:
    """Everything the panes show for one article. ``None`` means: not available yet."""

    article: Article
    mentions: tuple[Any, ...] | None = None
    entities: tuple[Any, ...] | None = None
    references: tuple[Any, ...] | None = None
    backlinks: tuple[Any, ...] | None = None
    related: tuple[Any, ...] | None = None
    notes: tuple[str, ...] = ()
    positions: dict[str, int] = field(default_factory=dict)  # see-also title -> paragraph
    no_related: str = ""  # why there are no related stories, when there are none


@dataclass(frozen=True)
class EntityHit:
    """One article naming an entity."""

    id: str
    title: str
    count: int
    snippet: str = ""
    spans: tuple[tuple[int, int], ...] = ()


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

    def _catalog(self) -> Any:
        assert self.store is not None and self.store.catalog is not None
        return self.store.catalog

    def load(self, article_id: str) -> ArticleData | None:
        catalog = self._catalog()
        article = catalog.article(article_id)
        if article is None and article_id in self._files:
            article, _ = read_article(self._files[article_id])
            if article is not None:
                return ArticleData(article, positions=reference_positions(article))
        if article is None:
            return None
        notes: list[str] = []
        store = self.store

        def part(fn: Callable[[], Any] | None) -> tuple[Any, ...] | None:
            if fn is None:
                return None
            try:
                return tuple(fn())
            except Exception as error:  # noqa: BLE001 - one part failing leaves the others
                notes.append(f"{type(error).__name__}: {error}")
                return ()

        def model(obj: Any, name: str, *args: Any) -> Callable[[], Any] | None:
            fn = getattr(obj, name, None)
            return partial(fn, *args) if callable(fn) else None

        related = part(model(links, "related", store, article_id))
        why = model(links, "no_related_reason", store, article_id) if related == () else None
        return ArticleData(
            article,
            mentions=part(model(catalog, "article_mentions", article_id)),
            entities=part(model(catalog, "article_entities", article_id)),
            references=part(model(links, "references", store, article_id)),
            backlinks=part(model(links, "backlinks", store, article_id)),
            related=related,
            notes=tuple(notes),
            positions=reference_positions(article),
            no_related=str(why()) if why else "",
        )

    def entity_articles(self, key: str, snippets: int = SNIPPETS) -> list[EntityHit] | None:
        """The articles naming an entity, most mentions first; None when not available.

        Only the first ``snippets`` rows are given a title and snippet (the rest keep their
        id as title), so an entity named in 100k articles still lists at once.
        """
        from_links = getattr(links, "entity_articles", None)
        if callable(from_links):
            return [_entity_hit(row) for row in from_links(self.store, key)]
        catalog = self._catalog()
        rows = getattr(catalog, "entity_articles", None)
        if not callable(rows):
            return None
        found = sorted(rows(key), key=lambda r: (-r[1], r[0]))
        hits = []
        for rank, (article_id, count, start, end) in enumerate(found):
            article = catalog.article(article_id) if rank < snippets else None
            if rank < snippets and article is None:
                continue
            title = article.title if article else article_id
            snippet, spans = _around(article.body, start, end) if article else ("", ())
            hits.append(EntityHit(article_id, title, count, snippet, spans))
        return hits

    def find_entities(self, text: str, limit: int = 20) -> list[tuple[Any, int]]:
        find = getattr(self._catalog(), "find_entities", None)
        return list(find(text, limit)) if callable(find) else []

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


def _entity_hit(row: Any) -> EntityHit:
    """Adapt a row of ``links.entity_articles`` (an object or a tuple) to an EntityHit."""
    if isinstance(row, tuple):
        article_id, title, count, *rest = row
        snippet = rest[0] if rest else ""
        spans = tuple(rest[1]) if len(rest) > 1 else ()
        return EntityHit(article_id, title, count, snippet, spans)
    return EntityHit(
        getattr(row, "id", None) or getattr(row, "article_id", ""),
        getattr(row, "title", ""),
        getattr(row, "count", 0),
        getattr(row, "snippet", ""),
        tuple(getattr(row, "spans", ())),
    )


def _around(body: str, start: int, end: int) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A stretch of ``body`` around one mention, with the mention's span in it."""
    begin = max(0, start - 60)
    if begin:
        space = body.find(" ", begin, start)
        begin = space + 1 if space >= 0 else begin
    stop = min(len(body), begin + 200)
    prefix = "…" if begin else ""
    text = prefix + body[begin:stop].replace("\n", " ") + ("…" if stop < len(body) else "")
    shift = len(prefix) - begin
    return text, ((start + shift, min(end, stop) + shift),) if start < stop else ()
