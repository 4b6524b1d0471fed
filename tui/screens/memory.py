"""What the main screen remembers between runs: read marks, bookmarks, the last article and
its scroll position, searches, the side-pane setting (stored by ``tui.state``).

Mixed into MainScreen, whose panes and state it uses (articles, article, listing, read,
data, mode, trail, notify, show_corpus); the keys are bound there.
"""

from __future__ import annotations

import json
from typing import Any

from textual.css.query import NoMatches

from index.model import Summary
from tui.state import State, state_path
from tui.widgets.search_bar import SearchBar


class Memory:
    """Read marks, bookmarks, the unread filter, search history, where the reader left off."""

    # Provided by MainScreen; declared for readers of this file.
    config: Any
    read: set[str]
    marked: set[str]
    articles: Any
    article: Any
    listing: Any
    data: Any
    mode: str
    unread_only: bool
    _state: State
    focused: Any
    notify: Any
    query_one: Any
    set_class: Any
    reveal_list: Any
    show_corpus: Any
    list_shown: Any

    def open_state(self) -> State:
        """The corpus's state; its read marks, bookmarks and settings applied to the screen."""
        state = State(state_path(self.config.corpus))
        if state.problem:
            self.notify(state.problem, severity="warning", timeout=10)
        self.read |= state.read_ids()
        self.marked |= set(state.bookmarks())
        self.query_one(SearchBar).history = state.history()
        if state.get("sides_hidden") == "1":
            self.set_class(True, "-sides-hidden")
        return state

    @property
    def state(self) -> State:
        return self._state

    def last_place(self) -> tuple[str, float]:
        """The article the reader was last on, and how far down it was."""
        try:
            place = json.loads(self.state.get("place", "{}"))
            return str(place.get("id", "")), float(place.get("y", 0))
        except (ValueError, TypeError, AttributeError):
            return "", 0.0

    def keep_place(self) -> None:
        """Remember the article in view and how far down it is (called on leaving it, and
        on quitting, while the panes still exist)."""
        if self.data is None:
            return
        try:
            y = self.article.scroll_y
        except NoMatches:  # the panes are gone: the place saved on quitting stands
            return
        self.state.put("place", json.dumps({"id": self.data.article.id, "y": y}))

    def remember_read(self, article_id: str) -> None:
        if article_id not in self.read:
            self.read.add(article_id)
            self.state.set_read(article_id)

    def remember_search(self, query: str) -> None:
        query = query.strip()
        if query:
            self.state.add_search(query)
            self.query_one(SearchBar).remember(query)

    # -- keys ----------------------------------------------------------------------------

    def _target(self) -> str | None:
        """The article a key acts on: the row under the cursor in the list, else the one in view."""
        if self.focused is self.articles and self.articles.current is not None:
            return str(self.articles.current.id)
        return self.data.article.id if self.data is not None else None

    def action_toggle_read(self) -> None:
        article_id = self._target()
        if article_id is None:
            return
        read = article_id not in self.read
        if read:
            self.read.add(article_id)
        else:
            self.read.discard(article_id)
        self.state.set_read(article_id, read)
        self.articles.refresh()
        self.notify("Marked read" if read else "Marked unread", timeout=1.5)

    def action_bookmark(self) -> None:
        article_id = self._target()
        if article_id is None:
            return
        marked = article_id not in self.marked
        if marked:
            self.marked.add(article_id)
        else:
            self.marked.discard(article_id)
        self.state.set_bookmark(article_id, marked)
        self.articles.refresh()
        note = "Bookmarked (B lists bookmarks)" if marked else "Bookmark removed"
        self.notify(note, timeout=2)

    def action_bookmarks(self) -> None:
        """The bookmarked articles, the latest first; Esc returns to the full list."""
        known = {summary.id: summary for summary in self.listing.summaries}
        rows = [known.get(i) or Summary(i, i) for i in self.state.bookmarks()]
        self.mode = "bookmarks"
        self.articles.show(rows, "No bookmarks yet: b bookmarks the article in view")
        self.articles.border_title = f"1 Bookmarks ({len(rows):,}) · b removes · Esc: all"
        self.list_shown()
        self.articles.focus()
        self.reveal_list()

    def action_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        if self.mode != "corpus":
            self.mode = "corpus"
        self.show_corpus()
        self.articles.focus()

    def show_unread(self, cursor_id: str | None) -> None:
        rows = [s for s in self.listing.summaries if s.id not in self.read]
        at = next((i for i, row in enumerate(rows) if row.id == cursor_id), 0)
        self.articles.show(rows, "Every article has been read · U shows them all", cursor=at)
        total = self.listing.count
        self.articles.border_title = f"1 Unread ({len(rows):,} of {total:,}) · U: all"
