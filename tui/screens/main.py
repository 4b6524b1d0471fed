"""The main screen: four linked panes, the search bar and the header.

Panes post messages up; this screen decides what they mean and tells every pane about the
article in view, so they always agree. All model work runs on the reader's threads or in
the indexing subprocess; handlers here only await answers.
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Input

from index.config import Config
from index.model import Summary
from tui import adapt
from tui.reader import ArticleData, Listing, Reader, SearchService
from tui.screens.background import Background
from tui.trail import RelatedWalk, Trail
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.crossrefs import CrossRefs
from tui.widgets.entity_pane import EntityList, EntityPane
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusHeader

DEBOUNCE = 0.12  # seconds a keystroke waits for the next before its query runs
ERROR_PAUSE = 0.8  # seconds typing must pause before a query's error is notified
PANES = ("#articles", "#article", "#entity-list", "#crossrefs")


class MainScreen(Background, Screen[None]):
    """The reader."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("escape", "leave_search", "Full list", show=False, id="leave_search"),
        Binding("e", "focus_pane(2)", "Entities", id="entities"),
        Binding("right_square_bracket", "related(1)", "Related", id="next_related"),
        Binding(
            "left_square_bracket", "related(-1)", "Prev related", show=False, id="prev_related"
        ),
        Binding("backspace,alt+left", "back", "Back", id="back"),
        Binding("alt+right", "forward", "Forward", show=False, id="forward"),
        Binding("n", "mention(1)", "Next mention", show=False, id="next_mention"),
        Binding("N", "mention(-1)", "Prev mention", show=False, id="prev_mention"),
        Binding("1", "focus_pane(0)", "Articles pane", show=False, id="pane_articles"),
        Binding("2", "focus_pane(1)", "Article pane", show=False, id="pane_article"),
        Binding("3", "focus_pane(2)", "Entities pane", show=False, id="pane_entities"),
        Binding("4", "focus_pane(3)", "Cross-references pane", show=False, id="pane_crossrefs"),
        Binding("s", "toggle_sides", "Side panes", show=False, id="toggle_sides"),
        Binding("p", "problems", "Skipped files", show=False, id="problems"),
        Binding("t", "timeline", "Timeline", show=False, id="timeline"),
        Binding("r", "fetch", "Fetch feeds", show=False, id="fetch"),
    ]

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config
        self.reader = Reader(config)
        self.searcher: SearchService | None = None
        self.listing = Listing([], 0)
        self.titles: dict[str, str] = {}  # article id -> title
        self.by_title: dict[str, str] = {}  # casefolded title -> article id
        self.read: set[str] = set()
        self.trail = Trail()
        self.data: ArticleData | None = None
        self.mode = "corpus"  # what the list shows: corpus, search, entity
        self.terms: tuple[str, ...] = ()  # search terms highlighted in the article
        self.walk = RelatedWalk()
        self.index_state = "opening"
        self.ready = asyncio.Event()  # set when the index update has finished

    def compose(self) -> ComposeResult:
        yield StatusHeader(id="header")
        yield SearchBar(
            placeholder='/ search: words, "phrases", OR, NOT, title:, date:2024',
            id="search",
            compact=True,
        )
        with Horizontal(id="panes"):
            yield ArticleList(self.read, id="articles")
            yield ArticleView(id="article")
            with Vertical(id="side"):
                yield EntityPane(id="entities")
                yield CrossRefs(id="crossrefs")
        yield Footer()

    # -- panes ---------------------------------------------------------------------------

    @property
    def articles(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def article(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def entities(self) -> EntityPane:
        return self.query_one("#entities", EntityPane)

    @property
    def crossrefs(self) -> CrossRefs:
        return self.query_one("#crossrefs", CrossRefs)

    @property
    def header(self) -> StatusHeader:
        return self.query_one("#header", StatusHeader)

    def on_mount(self) -> None:
        self.articles.border_title = "1 Articles"
        self.article.border_title = "2 Article"
        self.entities.border_title = "3 Entities"
        self.crossrefs.border_title = "4 Cross-references"
        self.articles.focus()
        self.start()

    def on_unmount(self) -> None:
        self.reader.close()
        if self.searcher is not None:
            self.searcher.close()

    # -- the article in view ---------------------------------------------------------------

    @work(exclusive=True, group="open")
    async def open_article(
        self, article_id: str, visit: bool = True, keep_place: bool = False
    ) -> None:
        """Load an article and show it in every pane."""
        try:
            data = await self.reader.call(self.reader.load, article_id)
        except Exception as error:  # noqa: BLE001
            self.notify(f"Cannot open {article_id}: {error}", severity="error")
            return
        if data is None:
            self.notify(f"Cannot open {article_id}: it is not in the index", severity="error")
            return
        for note in data.notes:
            self.notify(f"Part of {article_id} could not be shown: {note}", severity="warning")
        self.show_data(data, visit, keep_place)

    def show_data(self, data: ArticleData, visit: bool, keep_place: bool) -> None:
        article_id = data.article.id
        self.data = data
        if visit:
            self.trail.visit(article_id)
        self.read.add(article_id)
        resolved = adapt.resolve(data, self.by_title)
        waiting = "available when the index is ready" if self.index_state != "fresh" else ""
        scroll = self.article.scroll_y
        self.article.show(data, resolved, self.terms)
        self.article.border_title = "2 Article"
        if keep_place:
            self.article.scroll_to(y=scroll, animate=False)
        self.entities.show(data.entities, waiting)
        self.crossrefs.show(
            adapt.see_also_items(data, resolved),
            adapt.backlink_items(data),
            adapt.related_items(data),
            waiting,
            data.no_related,
        )
        self.header.set_trail([self.titles.get(i, i) for i in self.trail.path()])
        index = self.articles.index_of(article_id)
        if index >= 0 and index != self.articles.cursor:
            self.articles._move(index, announce=False)
        self.articles.refresh()

    @on(ArticleList.Open)
    def _open_from_list(self, event: ArticleList.Open) -> None:
        self.terms = tuple(self.search_terms) if self.mode == "search" else ()
        self.walk.stop()
        self.open_article(event.article_id)
        if self.mode != "corpus" or self.screen.has_class("-narrow"):
            self.article.focus()

    @on(CrossRefs.Open)
    def _open_reference(self, event: CrossRefs.Open) -> None:
        self.terms = ()
        self.walk.stop()
        self.open_article(event.article_id)

    @on(ArticleView.LinkClicked)
    def _link_clicked(self, event: ArticleView.LinkClicked) -> None:
        target = self.article.resolved.get(event.title)
        if target:
            self._open_reference(CrossRefs.Open(target))
        else:
            self.search_for(event.title)

    @on(CrossRefs.SearchTitle)
    def _search_title(self, event: CrossRefs.SearchTitle) -> None:
        self.search_for(event.title)

    def search_for(self, title: str) -> None:
        bar = self.query_one(SearchBar)
        bar.value = f'"{title}"'
        bar.focus()
        self.notify(f"Not in the corpus: searching for {title!r} instead")

    # -- the trail and related stories -------------------------------------------------

    def action_back(self) -> None:
        article_id = self.trail.back()
        if article_id is None:
            self.notify("Nothing to go back to", timeout=2)
            return
        self.open_article(article_id, visit=False)

    def action_forward(self) -> None:
        article_id = self.trail.forward()
        if article_id is None:
            self.notify("Nothing to go forward to", timeout=2)
            return
        self.open_article(article_id, visit=False)

    def action_related(self, step: int) -> None:
        """Open the next (or previous) related story of the article the walk began on."""
        if not self.walk.on(self.trail.current):
            if self.data is None or not self.data.related:
                missing = self.data is None or self.data.related is None
                reason = "not available yet" if missing else "none for this article"
                self.notify(f"Related stories: {reason}", timeout=3)
                return
            ids = [item.target for item, _ in adapt.related_items(self.data) or [] if item.target]
            self.walk.start(self.data.article.id, ids, step)
        target, finished = self.walk.step(step)
        if finished:
            self.notify("No more related stories: back to where you started", timeout=3)
        if target is not None:
            self.terms = ()
            self.open_article(target)

    # -- entities ----------------------------------------------------------------------

    @on(EntityPane.Chosen)
    def _entity_chosen(self, event: EntityPane.Chosen) -> None:
        entity = event.entity
        self.article.choose(entity.key if entity else None)
        if entity is not None:
            self.offer_articles(entity)

    @work(exclusive=True, group="offer")
    async def offer_articles(self, entity: Any) -> None:
        hits = await self.ask(self.reader.entity_articles, entity.key)
        if hits is False:
            return
        current = self.data.article.id if self.data else ""
        others = sum(1 for hit in hits if hit.id != current)
        self.entities.offer_others(len(self.article.chosen_mentions()), others)

    @on(EntityPane.ListArticles)
    def _list_entity(self, event: EntityPane.ListArticles) -> None:
        self.list_entity_articles(event.entity)

    @work(exclusive=True, group="list")
    async def list_entity_articles(self, entity: Any) -> None:
        hits = await self.ask(self.reader.entity_articles, entity.key)
        if hits is False:
            return
        self.mode = "entity"
        self.terms = ()
        self.articles.show_entity_articles(entity.name, hits)
        self.articles.focus()
        self.reveal_list()

    def action_mention(self, step: int) -> None:
        if self.article.chosen is None:
            entity = self.entities.entity
            if entity is None:
                self.notify("Choose an entity first (e)", timeout=2)
                return
            self.article.choose(entity.key)
        index = self.article.step_mention(step)
        count = len(self.article.chosen_mentions())
        if index >= 0:
            self.article.border_title = f"2 Article · mention {index + 1} of {count}"

    # -- search --------------------------------------------------------------------------

    search_terms: tuple[str, ...] = ()

    def action_focus_search(self) -> None:
        self.query_one(SearchBar).focus()

    def action_leave_search(self) -> None:
        bar = self.query_one(SearchBar)
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
        current = self.articles.index_of(self.trail.current) if self.trail.current else 0
        self.articles.show_corpus(self.listing, max(0, current), self.index_state == "fresh")

    @on(Input.Changed, "#search")
    def _query_changed(self, event: Input.Changed) -> None:
        if not event.value.strip():
            self.workers.cancel_group(self, "search")
            self.mode = "corpus"
            self.show_corpus()
            return
        self.run_search(event.value)

    @on(Input.Submitted, "#search")
    def _query_submitted(self, event: Input.Submitted) -> None:
        if self.mode == "search" and self.articles.current is not None:
            self.articles.action_choose()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.articles.focus()
        self.reveal_list()

    @work(exclusive=True, group="search")
    async def run_search(self, query: str, delay: float = DEBOUNCE) -> None:
        """Search as you type: a newer keystroke cancels this worker, and its query."""
        self.mode = "search"
        if self.searcher is None:
            self.articles.show([], "Search is available when the index is ready…")
            self.articles.border_title = "1 Search"
            return
        await asyncio.sleep(delay)
        limit = self.config.search_limit
        try:
            result = await self.searcher.call(self.searcher.search, query, limit)
        except Exception as error:  # noqa: BLE001 - an index problem: say so, keep running
            self.notify(f"Search failed: {error}", title="Search", severity="error")
            return
        self.search_terms = result.terms
        self.articles.show_results(result)
        self.reveal_list()
        if result.error:
            # Half-typed queries are often wrong: say so only once typing pauses.
            await asyncio.sleep(ERROR_PAUSE)
            severity = "warning" if result.hits else "error"
            self.notify(result.error, title="Search", severity=severity, timeout=5)

    # -- layout --------------------------------------------------------------------------

    def action_focus_pane(self, index: int) -> None:
        if index >= 2:
            self.set_class(False, "-sides-hidden")
            self.set_class(True, "-side-shown")
        elif index == 0:
            self.reveal_list()
        self.query_one(PANES[index], Widget).focus()

    def reveal_list(self) -> None:
        self.set_class(False, "-side-shown")

    def action_toggle_sides(self) -> None:
        if self.has_class("-narrow"):
            self.toggle_class("-side-shown")
        else:
            self.toggle_class("-sides-hidden")

    def on_descendant_focus(self, event: Any) -> None:
        widget = event.widget
        if isinstance(widget, EntityList | CrossRefs):
            self.set_class(True, "-side-shown")
        elif isinstance(widget, ArticleList | SearchBar):
            self.set_class(False, "-side-shown")

    def action_problems(self) -> None:
        from tui.screens.problems import ProblemsScreen

        self.app.push_screen(ProblemsScreen(self.reader))

    def action_timeline(self) -> None:
        """The story of the article in view over time; on the entity pane, that entity's."""
        from tui.screens.timeline import open_timeline

        open_timeline(self, isinstance(self.app.focused, EntityList))

    # -- for the command palette ----------------------------------------------------------

    def summaries(self) -> list[Summary]:
        return self.listing.summaries

    def open_from_palette(self, article_id: str) -> None:
        self.terms = ()
        self.walk.stop()
        self.open_article(article_id)

    def entity_from_palette(self, entity: Any) -> None:
        self.list_entity_articles(entity)
