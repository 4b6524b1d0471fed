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
from tui.screens.entities import EntityActions
from tui.screens.extras import Extras
from tui.screens.memory import Memory
from tui.screens.searching import Searching
from tui.trail import RelatedWalk, Trail
from tui.widgets.article_list import ArticleList
from tui.widgets.article_view import ArticleView
from tui.widgets.crossrefs import CrossRefs, Item
from tui.widgets.entity_pane import EntityList, EntityPane
from tui.widgets.search_bar import SearchBar
from tui.widgets.status import StatusHeader

PANES = ("#articles", "#article", "#entity-list", "#crossrefs")


class MainScreen(Searching, EntityActions, Memory, Extras, Background, Screen[None]):
    """The reader."""

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="search"),
        Binding("escape", "leave_search", "Back to the list", show=False, id="leave_search"),
        Binding("a", "all_results", "All results", show=False, id="all_results"),
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
        Binding("u", "toggle_read", "Read/unread", show=False, id="toggle_read"),
        Binding("U", "unread_only", "Unread only", show=False, id="unread_only"),
        Binding("b", "bookmark", "Bookmark", show=False, id="bookmark"),
        Binding("B", "bookmarks", "Bookmarks", show=False, id="bookmarks"),
        Binding("o", "open_external", "Open URL or file", show=False, id="open_external"),
        Binding("y", "copy", "Copy id, title, path", show=False, id="copy"),
        Binding("S", "sort", "Sort the list", show=False, id="sort"),
        Binding("ctrl+f", "find", "Find in the article", show=False, id="find"),
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
        self.marked: set[str] = set()  # bookmarked ids
        self.unread_only = False
        self.sort_by: dict[str, str] = {}  # kind of list -> the order chosen with S
        self.titled: set[str] = set()  # ids whose headline was asked for before the build
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
            yield ArticleList(self.read, self.marked, id="articles")
            yield ArticleView(id="article")
            with Vertical(id="side"):
                yield EntityPane(id="entities")
                yield CrossRefs(id="crossrefs")
        yield Input(
            placeholder="find in the article · Enter: next · Esc: close", id="find", compact=True
        )
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
        self._state = self.open_state()
        self.set_interval(0.25, self.want_titles)
        self.start()

    def on_unmount(self) -> None:
        self.keep_place()
        self.state.close()
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
            reason = await self.ask(self.reader.why_missing, article_id)
            message = f"{article_id} cannot be shown: {reason or 'it is not in the index'}."
            self.article.show(None, {}, message=f"{message} Press p for every file skipped.")
            self.article.border_title = "2 Article"
            return
        for note in data.notes:
            self.notify(f"Part of {article_id} could not be shown: {note}", severity="warning")
        self.show_data(data, visit, keep_place)

    def show_data(self, data: ArticleData, visit: bool, keep_place: bool) -> None:
        article_id = data.article.id
        if self.data is not None and self.data.article.id != article_id:
            self.keep_place()
        self.data = data
        if visit:
            self.trail.visit(article_id)
        self.remember_read(article_id)
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
            walk=adapt.walk_items(self.walk.around(), self.titles),
            duplicates=[Item("duplicate", title, i) for i, title in data.duplicates],
        )
        self.header.set_trail([self.titles.get(i, i) for i in self.trail.path()])
        index = self.articles.index_of(article_id)
        if index >= 0 and index != self.articles.cursor:
            self.articles._move(index, announce=False)
        self.articles.refresh()

    @on(ArticleList.Open)
    def _open_from_list(self, event: ArticleList.Open) -> None:
        if self.mode == "search":
            self.remember_search(self.query_one(SearchBar).value)
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

    @on(CrossRefs.Walk)
    def _walk_row(self, event: CrossRefs.Walk) -> None:
        self.action_related(event.step)

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
        """Open the next (or previous) related story of the article the walk began on.

        Steps of a walk replace each other in the trail (anchor › story), so ``[`` steps back
        rather than adding entries, and Back returns to the article the walk began on.
        """
        stepping = self.walk.on(self.trail.current)
        if not stepping:
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
        if target is None:
            return
        self.terms = ()
        if not stepping:
            self.open_article(target)
        elif finished and self.trail.previous == target:
            self.trail.back()
            self.open_article(target, visit=False)
        else:
            self.trail.replace(target)
            self.open_article(target, visit=False)

    # -- entities ----------------------------------------------------------------------

    @on(EntityPane.Chosen)
    def _entity_chosen(self, event: EntityPane.Chosen) -> None:
        entity = event.entity
        self.article.choose(entity.key if entity else None)
        if entity is not None:
            self.offer_articles(entity)

    @on(EntityPane.ListArticles)
    def _list_entity(self, event: EntityPane.ListArticles) -> None:
        self.list_entity_articles(event.entity)

    # offer_articles, list_entity_articles and action_mention are in EntityActions

    # -- search (the actions are in Searching) ---------------------------------------

    @on(Input.Changed, "#find")
    def _find_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.find_changed(event.value)

    @on(Input.Submitted, "#find")
    def _find_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.find_next()

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
        self.remember_search(event.value)
        if self.mode == "search" and self.articles.current is not None:
            self.articles.action_choose()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.remember_search(self.query_one(SearchBar).value)
        self.articles.focus()
        self.reveal_list()

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
            self.state.put("sides_hidden", "1" if self.has_class("-sides-hidden") else "0")

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
