"""The files skipped (and warned about) at the last index update."""

from __future__ import annotations

from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from index.config import default_feeds_dir
from index.corpus.fetch import last_problems
from tui.reader import Reader
from tui.text import line


class ProblemsScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Close", id="close_problems"),
    ]

    def __init__(self, reader: Reader) -> None:
        super().__init__()
        self.reader = reader

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-box") as box:
            box.border_title = "Last index update · Esc closes"
            yield Static(Content("Reading…"), id="problems-text")

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        try:
            skipped, warnings = await self.reader.call(self.reader.problems)
        except Exception as error:  # noqa: BLE001
            self.query_one(Static).update(line(f"Cannot read the list: {error}"))
            return
        parts: list[Content] = [Content.styled(f"Skipped ({len(skipped)})", "bold")]
        parts += [line(f"  {p}") for p in skipped] or [Content("  none")]
        parts += [Content(""), Content.styled(f"Warnings ({len(warnings)})", "bold")]
        parts += [line(f"  {p}") for p in warnings] or [Content("  none")]
        feeds = self.reader.config.feeds
        if feeds:
            folder = self.reader.config.feeds_dir or default_feeds_dir()
            fetched = await self.reader.call(last_problems, folder)
            parts += [Content(""), Content.styled(f"Last fetch ({len(fetched)})", "bold")]
            parts += [line(f"  {p}") for p in fetched] or [Content("  no problems")]
        self.query_one(Static).update(Content("\n").join(parts))
