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


class Background:
    """Startup and the index update, mixed into MainScreen (whose panes and state it uses:
    reader, searcher, listing, header, trail, open_article, run_search, show_corpus)."""

    # Provided by MainScreen; declared for readers of this file.
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
        if listing.summaries:
            self.open_article(listing.summaries[0].id)
        self.update_index()

    def apply_listing(self, listing: Listing) -> None:
        self.listing = listing
        self.titles = {s.id: s.title for s in listing.summaries}
        self.by_title = {s.title.casefold(): s.id for s in listing.summaries}
        self.header.set_count(listing.count)
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
