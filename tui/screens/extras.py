"""What a regular reader expects: open the article elsewhere (``o``), copy its id, title or
path (``y``), sort the list (``S``), find words in the article (``ctrl+f``).

Mixed into MainScreen, whose panes and state it uses (articles, article, data, mode); the
keys are bound there.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import Any

from textual.widgets import Input

from tui.screens.copy import CopyDialog

SORTS = {  # the orders each kind of list offers, the first its own
    "corpus": ("title", "date"),
    "search": ("relevance", "date", "title"),
    "entity": ("date", "title"),
    "bookmarks": ("bookmarked", "date", "title"),
}


class Extras:
    """Open, copy, sort, find."""

    # Provided by MainScreen; declared for readers of this file.
    articles: Any
    article: Any
    data: Any
    mode: str
    app: Any
    notify: Any
    query_one: Any

    sort_by: dict[str, str]  # kind of list -> the order chosen (set by MainScreen)

    # -- o: open elsewhere -----------------------------------------------------------------

    def action_open_external(self) -> None:
        """The article's web address in the browser; else its file in $PAGER or $EDITOR."""
        if self.data is None:
            return
        article = self.data.article
        if article.url.startswith(("http://", "https://")):
            self.app.open_url(article.url)
            self.notify(f"Opening {article.url}", timeout=3)
            return
        command = os.environ.get("PAGER") or os.environ.get("EDITOR") or "less"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(command), article.path], check=False)
        except Exception as error:  # noqa: BLE001 - no terminal to lend, no such program
            self.notify(f"Cannot open {article.path} with {command}: {error}", severity="error")

    # -- y: copy -----------------------------------------------------------------------

    def action_copy(self) -> None:
        if self.data is None:
            return
        article = self.data.article
        choices = [("i", "id", article.id), ("t", "title", article.title)]
        choices.append(("p", "path", article.path))
        if article.url:
            choices.append(("u", "web address", article.url))
        self.app.push_screen(CopyDialog(choices), self._copied)

    def _copied(self, choice: tuple[str, str] | None) -> None:
        if choice is None:
            return
        what, text = choice
        self.app.copy_to_clipboard(text)
        self.notify(f"Copied the {what} (where the terminal allows: OSC 52)", timeout=3)

    # -- S: sort -------------------------------------------------------------------------

    def action_sort(self) -> None:
        orders = SORTS.get(self.mode, ("title",))
        current = self.sort_by.get(self.mode, orders[0])
        self.sort_by[self.mode] = orders[(orders.index(current) + 1) % len(orders)]
        self._order()
        chosen = self.sort_by[self.mode]
        self.notify(f"Sorted by {chosen} (S: {', '.join(orders)})", timeout=2)

    def list_shown(self) -> None:
        """A list was just shown in its own order: keep that order, then apply the chosen."""
        self._own = (self.articles.rows, self.articles.border_title)
        orders = SORTS.get(self.mode, ("title",))
        if self.sort_by.get(self.mode, orders[0]) != orders[0]:
            self._order()

    def _order(self) -> None:
        rows, title = getattr(self, "_own", (self.articles.rows, self.articles.border_title))
        orders = SORTS.get(self.mode, ("title",))
        order = self.sort_by.get(self.mode, orders[0])
        if order == "date":  # newest first; undated last
            dated = sorted((r for r in rows if r.date is not None), key=lambda r: r.date)
            rows = dated[::-1] + [r for r in rows if r.date is None]
        elif order == "title" and order != orders[0]:
            rows = sorted(rows, key=lambda row: row.title.casefold())
        current = self.articles.current
        self.articles.show(rows, self.articles.empty_text)
        if current is not None and self.articles.index_of(current.id) >= 0:
            self.articles._move(self.articles.index_of(current.id), announce=False)
        self.articles.border_title = title if order == orders[0] else f"{title} · by {order}"

    # -- ctrl+f: find in the article -------------------------------------------------------

    def action_find(self) -> None:
        bar = self.query_one("#find", Input)
        bar.display = True
        bar.focus()

    def find_changed(self, text: str) -> None:
        count = self.article.find(text)
        if text and not count:
            self.article.border_title = "2 Article · not found"
        elif text:
            self.article.border_title = f"2 Article · {count} found · Enter: next"
        else:
            self.article.border_title = "2 Article"

    def find_next(self) -> None:
        self.article.find_step(1)

    def close_find(self) -> None:
        bar = self.query_one("#find", Input)
        bar.display = False
        self.article.focus()
