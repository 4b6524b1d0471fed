"""The search bar: an Input that hands the cursor to the results on Down."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "to_results", "Results", show=False, id="to_results"),
    ]

    class ToResults(Message):
        """Down in the search bar: move to the results."""

    def action_to_results(self) -> None:
        self.post_message(self.ToResults())
