"""The header: corpus size, index state (with progress while updating), the trail."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from tui.progress import Rate
from tui.text import line


class StatusHeader(Horizontal):
    """One line that says where you are."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.count = 0
        self.state = "opening"
        self.rate = Rate()

    def compose(self) -> ComposeResult:
        yield Static(id="status-corpus")
        yield ProgressBar(id="index-progress", show_eta=False, show_percentage=False)
        yield Static(id="index-rate")
        yield TrailLine(id="status-trail")

    def on_mount(self) -> None:
        self._draw()

    def set_count(self, count: int) -> None:
        self.count = count
        self._draw()

    def set_state(self, state: str) -> None:
        """``opening``, ``updating``, ``fetching``, ``fresh`` or a short problem."""
        self.state = state
        if state in ("updating", "fetching"):
            self.rate = Rate()
            self.query_one("#index-rate", Static).update("")
        self._draw()

    def set_progress(self, done: int, total: int) -> None:
        """One ``{"done", "total"}`` line from the indexer; the rate is worked out here."""
        self.rate.update(done, total)
        self.query_one(ProgressBar).update(total=max(total, 1), progress=done)
        self.query_one("#index-rate", Static).update(Content(self.rate.text()))

    def set_trail(self, titles: list[str]) -> None:
        self.query_one(TrailLine).titles = titles

    def _draw(self) -> None:
        articles = f"{self.count:,} article{'' if self.count == 1 else 's'}"
        state = {"updating": "indexing", "fresh": "index fresh"}.get(self.state, self.state)
        text = Content.assemble(("storyline", "bold"), f"  {articles}  ·  {state}")
        self.query_one("#status-corpus", Static).update(text)
        self.set_class(self.state in ("updating", "fetching"), "-updating")


class TrailLine(Widget):
    """The articles followed to get here, cut from the left so the one in view shows."""

    titles: reactive[list[str]] = reactive(list, always_update=True)

    def render(self) -> Content:
        width = self.size.width
        if not self.titles or width < 4:
            return Content("")
        sep = Content(" › ")
        trail = line(self.titles[-1])
        for title in reversed(self.titles[:-1]):
            longer = Content.assemble(line(title), sep, trail)
            if longer.cell_length > width:
                return Content.assemble("… › ", trail)
            trail = longer
        return trail
