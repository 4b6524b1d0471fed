"""The search bar: an Input with the searches made before (Up, Down) that hands the
cursor to the results (Down past the latest)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Earlier search", show=False, id="history_back"),
        Binding("down", "history(1)", "Later search, then results", show=False, id="to_results"),
    ]

    class ToResults(Message):
        """Down in the search bar: move to the results."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []  # oldest first
        self._at: int | None = None  # the search shown from the history, or None
        self._draft = ""  # what was typed before Up

    def remember(self, query: str) -> None:
        if query in self.history:
            self.history.remove(query)
        self.history.append(query)
        self._at = None

    def action_history(self, step: int) -> None:
        if self._at is None:
            if step > 0 or not self.history:
                if step > 0:
                    self.post_message(self.ToResults())
                return
            self._draft, self._at = self.value, len(self.history) - 1
        else:
            self._at = max(0, self._at + step)
            if self._at >= len(self.history):
                self._at = None
                self._show(self._draft)
                return
        self._show(self.history[self._at])

    def _show(self, query: str) -> None:
        self.value = query
        self.cursor_position = len(query)

    def on_key(self, event: events.Key) -> None:
        if event.is_printable or event.key in ("backspace", "delete"):
            self._at = None  # editing a recalled search makes it a new one
