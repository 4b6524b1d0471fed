"""Searching from the main screen: as you type, Esc stepping out, all results, a title.

Mixed into MainScreen, whose panes and state it uses (articles, article, searcher, mode,
terms, listing, trail, config); its message handlers stay there (Textual finds ``@on``
handlers only on its own classes).
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from textual import events, work
from textual.widgets import Input

from index.model import SearchResult
from tui.widgets.search_bar import SearchBar

DEBOUNCE = 0.12  # seconds a keystroke waits for the next before its query runs
ERROR_PAUSE = 0.8  # seconds typing must pause before a query's error is notified
ALL_RESULTS = 5000  # the most results ``a`` lists


class Searching:
    """Search actions of the main screen."""

    # Provided by MainScreen; declared for readers of this file.
    articles: Any
    article: Any
    searcher: Any
    config: Any
    listing: Any
    trail: Any
    data: Any
    mode: str
    terms: tuple[str, ...]
    unread_only: bool
    index_state: str
    focused: Any
    workers: Any
    notify: Any
    query_one: Any
    reveal_list: Any
    remember_search: Any
    show_unread: Any
    list_shown: Any
    close_find: Any

    search_terms: tuple[str, ...] = ()
    last_result: SearchResult | None = None

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted anywhere but an input is a search (a leading / is the search key)."""
        if isinstance(self.focused, Input):
            return
        text = " ".join(event.text.split())
        text = text[1:].lstrip() if text.startswith("/") else text
        if not text:
            return
        event.stop()
        bar = self.query_one(SearchBar)
        bar.value = text
        bar.cursor_position = len(text)
        bar.focus()

    def action_leave_search(self) -> None:
        """Esc steps out one level: from a pane or the search box to the list, then from
        results (or an entity's articles) to the full list. Results are never lost in passing."""
        bar = self.query_one(SearchBar)
        focused = self.focused
        if getattr(focused, "id", None) == "find":
            self.close_find()
            return
        if self.mode == "search":
            self.remember_search(bar.value)
        if focused is not self.articles and (focused is not bar or self.mode != "corpus"):
            self.articles.focus()
            self.reveal_list()
            return
        if self.mode == "corpus" and not bar.value and not bar.has_focus:
            return
        with bar.prevent(Input.Changed):
            bar.value = ""
        self.workers.cancel_group(self, "search")
        self.terms = ()
        self.mode = "corpus"
        self.show_corpus()
        self.articles.focus()
        if self.data is not None:
            self.article.set_terms(())

    def show_corpus(self) -> None:
        if self.unread_only:
            self.show_unread(self.trail.current)
        else:
            current = self.articles.index_of(self.trail.current) if self.trail.current else 0
            indexed = self.index_state == "fresh"
            self.articles.show_corpus(self.listing, max(0, current), indexed)
        self.list_shown()

    def action_all_results(self) -> None:
        """The list stops at search.limit results; ``a`` shows them all (up to ALL_RESULTS)."""
        shown = self.last_result
        if self.mode != "search" or shown is None or shown.total <= len(shown.hits):
            self.notify("Every result is in the list already", timeout=2)
            return
        self.run_search(shown.query, delay=0, limit=min(shown.total, ALL_RESULTS))

    @work(exclusive=True, group="search")
    async def run_search(self, query: str, delay: float = DEBOUNCE, limit: int = 0) -> None:
        """Search as you type: a newer keystroke abandons this worker, and its query.

        The query runs on a search thread (see ``SearchService``): one that is still running
        when a newer one starts is left to finish there, and the newer one does not wait.
        """
        showing_results = self.mode == "search"
        self.mode = "search"
        if self.searcher is None:
            self.articles.show([], "Search is available when the index is ready…")
            self.articles.border_title = "1 Search"
            return
        self.articles.searching(query, keep=showing_results)
        await asyncio.sleep(delay)
        snippets = self.config.search_limit
        try:
            result = await self.searcher.call(
                self.searcher.search, query, limit or snippets, snippets
            )
        except Exception as error:  # noqa: BLE001 - an index problem: say so, keep running
            self.notify(f"Search failed: {error}", title="Search", severity="error")
            return
        self.search_terms = result.terms
        self.last_result = result
        self.articles.show_results(result)
        self.list_shown()
        self.reveal_list()
        if result.error or result.notes:
            # Half-typed queries are often wrong: say so only once typing pauses.
            await asyncio.sleep(ERROR_PAUSE)
            severity = "error" if result.error else "warning"
            message = "; ".join(([result.error] if result.error else []) + list(result.notes))
            self.notify(message, title="Search", severity=severity, timeout=5)

    def search_for(self, title: str) -> None:
        """A reference not in the corpus: list the articles sharing most of its words.

        Any of the words, not the exact phrase (which by definition finds nothing), and the
        cursor on the results, not in the search box where the next key would edit the query.
        """
        words = dict.fromkeys(re.findall(r"\w+", title.casefold()))  # lower case: no operators
        bar = self.query_one(SearchBar)
        bar.value = " OR ".join(words)
        self.articles.focus()
        self.reveal_list()
        self.notify(f"Not in the corpus: {title!r}. Listing the articles that share its words")
