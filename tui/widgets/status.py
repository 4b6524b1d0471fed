"""The header: corpus size, index state (with progress while updating), the trail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from tui.text import line


class StatusHeader(Horizontal):
    """One line that says where you are."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self.state = "opening"

    def compose(self) -> ComposeResult:
        yield Static(id="status-corpus")
        yield ProgressBar(id="index-progress", show_eta=False)
        yield Static(id="status-trail")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self._draw()

    def set_count(self, count: int) -> None:
        self.count = count
        self._draw()

    def set_state(self, state: str) -> None:
        """``opening``, ``updating``, ``fresh`` or a short problem."""
        self.state = state
        self.query_one(ProgressBar).display = state == "updating"
        self._draw()

    def set_progress(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)

    def set_trail(self, titles: list[str]) -> None:
        trail = self.query_one("#status-trail", Static)
        if not titles:
            trail.update("")
            return
        parts = [line(title if len(title) < 40 else title[:39] + "…") for title in titles[-3:]]
        lead = [Content("… › ")] if len(titles) > 3 else []
        trail.update(Content.assemble(*lead, Content(" › ").join(parts)))

    def _draw(self) -> None:
        articles = f"{self.count:,} article{'' if self.count == 1 else 's'}"
        state = {"updating": "index updating", "fresh": "index fresh"}.get(self.state, self.state)
        text = Content.assemble(("storyline", "bold"), f"  {articles}  ·  {state}")
        self.query_one("#status-corpus", Static).update(text)
