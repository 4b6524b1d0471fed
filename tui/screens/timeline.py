"""A story over time, or an entity's articles by month, over the reader.

For an article: itself, what it cites, what cites it and its related stories, in date order
with the gap between each. For an entity: a sparkline of its articles per month and the
months listed; Enter on a month lists that month's articles, Enter on an article opens it.
Every row is built from ``Content``: titles are data, never markup.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from index.links import timeline
from index.model import Period, StoryPoint
from tui.reader import Reader
from tui.text import line


class TimelineScreen(ModalScreen[str | None]):
    """Dismissed with the id of the article to open, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="close_timeline"),
    ]

    def __init__(self, reader: Reader, article_id: str = "", entity: Any | None = None) -> None:
        super().__init__()
        self.reader = reader
        self.article_id = article_id
        self.entity = entity
        self.periods: list[Period] = []
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="timeline-box") as box:
            if self.entity is not None:
                box.border_title = line(f"{self.entity.name} by month · Enter lists · Esc closes")
            else:
                box.border_title = "Story over time · Enter opens · Esc closes"
            yield Static(Content("Reading…"), id="timeline-note")
            yield Sparkline([], id="timeline-spark")
            yield OptionList(id="timeline-periods")
            yield OptionList(id="timeline-articles")

    def on_mount(self) -> None:
        self.query_one("#timeline-spark").display = self.entity is not None
        self.query_one("#timeline-periods").display = self.entity is not None
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)

    @work(exclusive=True)
    async def load(self) -> None:
        store = self.reader.store
        try:
            if self.entity is not None:
                periods = await self.reader.call(timeline.entity_months, store, self.entity.key)
                self.show_periods(periods)
            else:
                points = await self.reader.call(timeline.story, store, self.article_id)
                self.show_story(points)
        except Exception as error:  # noqa: BLE001 - the screen says so instead of crashing
            self.query_one("#timeline-note", Static).update(line(f"Cannot read: {error}"))

    def show_story(self, points: list[StoryPoint]) -> None:
        note = self.query_one("#timeline-note", Static)
        note.update(line(f"{len(points)} articles in this story"))
        articles = self.query_one("#timeline-articles", OptionList)
        for point in points:
            when = point.date.isoformat() if point.date else "undated   "
            gap = f"+{point.gap_days}d" if point.gap_days is not None else ""
            style = "bold" if point.relation == "this" else ""
            row = line(f"{when} {gap:>6}  {point.relation:<9} {point.title}", style)
            articles.add_option(Option(row, id=point.id))
        here = [p.relation for p in points].index("this") if points else None
        articles.highlighted = here
        articles.focus()

    def show_periods(self, periods: list[Period]) -> None:
        self.periods = periods
        dated = [p for p in periods if p.month]
        spark = self.query_one("#timeline-spark", Sparkline)
        spark.data = [float(p.count) for p in dated] or [0.0]
        total = sum(p.count for p in periods)
        span = f", {dated[0].month} to {dated[-1].month}" if dated else ""
        self.query_one("#timeline-note", Static).update(line(f"{total} articles{span}"))
        options = self.query_one("#timeline-periods", OptionList)
        most = max((p.count for p in periods), default=0) or 1
        for index, period in enumerate(periods):
            bar = "█" * round(30 * period.count / most)
            label = f"{period.month or 'undated':>7}  {bar} {period.count or ''}"
            options.add_option(Option(line(label), id=str(index), disabled=not period.count))
        options.highlighted = 0 if periods else None
        options.focus()

    @on(OptionList.OptionSelected, "#timeline-periods")
    def _period(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        period = self.periods[int(event.option.id or 0)]
        self.list_period(period)

    @work(exclusive=True, group="period")
    async def list_period(self, period: Period) -> None:
        catalog = self.reader.store.catalog if self.reader.store else None
        if catalog is None:
            return
        found = await self.reader.call(lambda: [catalog.article(i) for i in period.ids])
        articles = self.query_one("#timeline-articles", OptionList)
        articles.clear_options()
        for article in found:
            if article is not None:
                when = article.date.isoformat() if article.date else "undated   "
                articles.add_option(Option(line(f"{when}  {article.title}"), id=article.id))
        articles.highlighted = 0 if articles.option_count else None
        articles.focus()

    @on(OptionList.OptionSelected, "#timeline-articles")
    def _article(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)


def open_timeline(main: Any, on_entity: bool) -> None:
    """Push the timeline over the main screen: the entity chosen in the entity pane when
    ``on_entity``, else the article in view; the article chosen there opens on return."""
    entity = main.entities.entity if on_entity else None
    article_id = main.data.article.id if main.data else ""
    if entity is None and not article_id:
        main.notify("Open an article first (or choose an entity) to see its timeline")
        return

    def chosen(article: str | None) -> None:
        if article:
            main.open_article(article)

    main.app.push_screen(TimelineScreen(main.reader, article_id, entity), chosen)
