"""``y``: which of the article's id, title, path or web address to copy."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.text import line


class CopyDialog(ModalScreen[tuple[str, str] | None]):
    """One key per choice; Esc copies nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,y", "cancel", "Copy nothing", id="close_copy"),
    ]

    def __init__(self, choices: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.choices = choices  # (key, what, text)

    def compose(self) -> ComposeResult:
        with Vertical(id="copy-box") as box:
            box.border_title = "Copy · Esc: nothing"
            rows = [
                Content.assemble((f" {key} ", "bold reverse"), f" {what:<12}", line(text))
                for key, what, text in self.choices
            ]
            yield Static(Content("\n").join(rows))

    def on_key(self, event: events.Key) -> None:
        for key, what, text in self.choices:
            if event.key == key and self.is_current:
                event.stop()
                self.dismiss((what, text))
                return

    def action_cancel(self) -> None:
        if self.is_current:
            self.dismiss(None)
