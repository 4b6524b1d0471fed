"""The main screen's background work: opening the index, updating it, asking the model.

Nothing here runs on the UI thread: the store is opened on the reader's thread, the update
runs in a subprocess (see ``tui.indexer``), and each model call is awaited.
"""

from __future__ import annotations

from typing import Any

from textual import work

from tui.indexer import run_index
from tui.reader import Listing, SearchService
from tui.widgets.search_bar import SearchBar

FIRST_TRIES = 50  # articles tried, in list order, for one to open at start


class Background:
    """Startup and the index update, mixed into MainScreen (whose panes and state it uses:
    reader, searcher, listing, header, trail, open_article, run_search, show_corpus)."""

    # Provided by MainScreen; declared for readers of this file.
    titled: set[str]  # ids whose headline has been asked for (see want_titles)
    last_place: Any
    reader: Any
    searcher: Any
    header: Any
    config: Any
    index_state: str
    fetching = False  # a fetch subprocess is running

    @work(exclusive=True, group="startup")
    async def start(self) -> None:
        try:
            listing = await self.reader.call(self.reader.open)
        except Exception as error:  # noqa: BLE001 - shown, and the app keeps running
            self.notify(f"Cannot open the index: {error}", severity="error", timeout=10)
            self.header.set_state("index unavailable")
            return
        self.apply_listing(listing)
        last, _ = self.last_place()
        ids = [summary.id for summary in listing.summaries[:FIRST_TRIES]]
        self.open_first([last, *ids] if last else ids)
        self.update_index()

    @work(exclusive=True, group="open")
    async def open_first(self, ids: list[str]) -> None:
        """Open the first article that can be shown: a binary or empty file named first
        must not greet the reader with an error and a blank pane (issue 15, item 11)."""
        for article_id in ids:
            try:
                data = await self.reader.call(self.reader.load, article_id)
            except Exception:  # noqa: BLE001 - try the next one
                continue
            if data is not None:
                self.show_data(data, visit=True, keep_place=False)
                last, y = self.last_place()
                if article_id == last and y > 0:  # where the reader left off
                    self.call_after_refresh(self.article.scroll_to, y=y, animate=False)
                return

    def want_titles(self) -> None:
        """While the list shows files by name (before the first build), read the headlines
        of the rows in view; only those, so a folder of any size costs a screenful."""
        articles = self.articles
        if not self.listing.provisional or articles.rows is not self.listing.summaries:
            return
        top = articles.scroll_offset.y // articles.row_height
        rows = articles.rows[top : top + articles.size.height + 1]
        wanted = [row.id for row in rows if row.id not in self.titled]
        if wanted:
            self.titled.update(wanted)
            self.fill_titles(wanted)

    @work(group="titles")
    async def fill_titles(self, ids: list[str]) -> None:
        try:
            summaries = await self.reader.call(self.reader.titles, ids)
        except Exception:  # noqa: BLE001 - the file name stays; the build will say more
            return
        rows = self.listing.summaries
        where = {row.id: index for index, row in enumerate(rows) if row.id in set(ids)}
        for summary in summaries:
            if summary.id in where:
                rows[where[summary.id]] = summary
                self.titles[summary.id] = summary.title
        self.articles.refresh()

    def apply_listing(self, listing: Listing) -> None:
        self.listing = listing
        self.titles = {s.id: s.title for s in listing.summaries}
        self.by_title = {s.title.casefold(): s.id for s in listing.summaries}
        self.header.set_count(listing.count)
        self.header.set_skipped(len(listing.problems))
        if self.mode == "corpus":
            self.show_corpus()

    @work(exclusive=True, group="index")
    async def update_index(self) -> None:
        self.index_state = "updating"
        self.header.set_state("updating")
        outcome = await run_index(self.config, self.header.set_progress)
        try:
            listing = await self.reader.call(self.reader.refresh)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Cannot read the index: {error}", severity="error", timeout=10)
            listing = self.listing
        self.searcher = SearchService(self.config)
        self.index_state = "failed" if outcome.error else "fresh"
        self.header.set_state("index update failed" if outcome.error else "fresh")
        self.apply_listing(listing)
        if outcome.error:
            self.notify(outcome.error, severity="error", timeout=10)
        skipped = outcome.report.get("skipped", [])
        if skipped:
            self.notify(
                f"{len(skipped)} file(s) skipped at this update: press p for the list",
                severity="warning",
            )
        if self.trail.current:
            self.open_article(self.trail.current, visit=False, keep_place=True)
        query = self.query_one(SearchBar).value
        if query.strip():
            self.run_search(query, delay=0)
        self.ready.set()

    def action_fetch(self) -> None:
        """Fetch the configured feeds in a subprocess, then update the index (key ``r``)."""
        if not self.config.feeds:
            self.notify("No feeds to fetch: add their addresses under 'feeds:' in config.yaml")
        elif self.fetching or self.index_state == "updating":
            self.notify("Already fetching or updating the index; try again when it is done")
        else:
            self.fetch_feeds()

    @work(exclusive=True, group="fetch")
    async def fetch_feeds(self) -> None:
        from tui.fetcher import run_fetch

        self.fetching = True
        self.header.set_state("fetching")
        try:
            outcome = await run_fetch(self.config, self.header.set_progress)
        finally:
            self.fetching = False
        feeds = outcome.report.get("feeds", [])
        new = sum(len(f.get("new", [])) for f in feeds)
        failed = sum(f.get("status") == "failed" for f in feeds)
        if outcome.error:
            self.notify(outcome.error, severity="error", timeout=10)
        else:
            note = f"; {failed} feed(s) failed: press p for the list" if failed else ""
            severity = "warning" if failed else "information"
            self.notify(f"{new} new article(s){note}", severity=severity)
        self.update_index()

    async def ask(self, fn: Any, *args: Any) -> Any:
        """Run a model call on the reader's thread; on failure notify and return False."""
        try:
            return await self.reader.call(fn, *args)
        except Exception as error:  # noqa: BLE001 - shown, and the app keeps running
            self.notify(f"{type(error).__name__}: {error}", severity="error")
            return False
