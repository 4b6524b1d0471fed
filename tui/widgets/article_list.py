"""The Articles pane: the corpus, search results, or an entity's articles."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.content import Content
from textual.message import Message
from textual.style import Style

from index.model import EntityHit, Hit, SearchResult, Summary
from tui.reader import Listing
from tui.text import component, line, with_spans
from tui.widgets.line_list import LineList

TITLE_ROOM = 40  # columns a title keeps before the date and source are shown beside it


def meta_line(when: date | None, source: str) -> str:
    return " · ".join(part for part in (when.isoformat() if when else "", source) if part)


class ArticleList(LineList):
    """One line per article (two with a snippet); unread titles stand out, read ones are
    dimmed, bookmarked ones marked ★."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--snippet",
        "article-list--match",
        "article-list--bookmark",
    }
    DEFAULT_CSS = """
    ArticleList {
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $foreground-muted; }
        & > .article-list--meta { color: $foreground-muted; }
        & > .article-list--snippet { color: $foreground-muted; }
        & > .article-list--match { color: $text-warning; text-style: bold underline; }
        & > .article-list--bookmark { color: $text-accent; }
    }
    """

    class Open(Message):
        """Enter or a click on an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(
        self, read: set[str], marked: set[str] | None = None, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.read = read
        self.marked = marked if marked is not None else set()  # bookmarked ids
        self.snippets = False

    def show(self, rows: list[Any], empty: str, cursor: int = 0) -> None:
        self.snippets = any(isinstance(r, Hit | EntityHit) and r.snippet for r in rows)
        self.set_rows(rows, cursor=cursor, empty=empty)

    def show_corpus(self, listing: Listing, cursor: int, indexed: bool) -> None:
        if listing.summaries is not self.rows:
            empty = "No articles in the corpus" if indexed else "No articles yet"
            self.show(listing.summaries, empty, cursor=cursor)
        note = " (from the files; indexing)" if listing.provisional else ""
        self.border_title = f"1 Articles ({listing.count:,}){note}"

    def searching(self, query: str, keep: bool) -> None:
        """A query is running: say so, over the last results (``keep``) or an empty list."""
        if not keep:
            self.show([], "Searching…")
        self.border_title = "1 Searching…"  # short: the query is in the bar above

    def show_results(self, result: SearchResult) -> None:
        empty = f"Cannot search: {result.error}" if result.error else "Nothing found"
        if result.suggestion:
            empty += f" · did you mean: {result.suggestion}"
        self.show(list(result.hits), empty)
        if result.total > len(result.hits):  # short enough for an 80-column terminal
            title = Content(f"1 {len(result.hits):,} of {result.total:,} · a: all")
        else:
            title = Content(f"1 Search: {result.total:,} found")
        if result.suggestion and result.hits:
            title = Content.assemble(title, " · did you mean: ", line(result.suggestion))
        self.border_title = title

    def show_entity_articles(self, name: str, hits: list[EntityHit]) -> None:
        self.show(hits, "No articles")
        self.border_title = Content.assemble(f"1 {len(hits):,} naming ", line(name))

    def index_of(self, article_id: str) -> int:
        for index, row in enumerate(self.rows):
            if row.id == article_id:
                return index
        return -1

    @property
    def row_height(self) -> int:
        return 2 if self.snippets else 1

    def render_row(self, index: int, line_no: int, width: int) -> Content:
        row = self.rows[index]
        if line_no == 1:
            return self._snippet(index, width - 2)
        read = "article-list--read" if row.id in self.read else "article-list--unread"
        title_style = component(self, read)
        if index == self.cursor:  # the cursor's colours, for contrast; keep bold
            title_style = Style(bold=title_style.bold)
        if isinstance(row, Summary | Hit):
            metas = [meta_line(row.date, row.source), meta_line(row.date, "")]
        else:
            metas = [f"{row.count}×"]
        title = line(row.title, title_style)
        if row.id in self.marked:
            title = Content.assemble(("★ ", component(self, "article-list--bookmark")), title)
        # The title comes first: the source, then the date, give way before it is cut short
        # (at 150 columns titles were squeezed to 15 by the two; issue 15, item 7).
        want = min(title.cell_length, max(TITLE_ROOM, width * 3 // 5))
        for meta in metas:
            if not meta:
                continue
            meta_content = line(meta, component(self, "article-list--meta"))
            room = width - meta_content.cell_length - 2
            if room >= want:
                title = title.truncate(room, ellipsis=True, pad=True)
                return Content.assemble(title, "  ", meta_content)
        return title

    def _snippet(self, index: int, width: int) -> Content:
        row = self.rows[index]
        snippet = getattr(row, "snippet", "")
        if not snippet:
            return Content("")
        match = component(self, "article-list--match")
        base = component(self, "article-list--snippet") if index != self.cursor else Style()
        content = with_spans(snippet, row.spans, match, base)
        if row.spans and row.spans[0][1] > width - 4:
            # Start near the first match, so that a narrow pane still shows it.
            start = row.spans[0][0]
            space = snippet.rfind(" ", 0, max(0, start - 8))
            content = Content("…").stylize(base) + content[space + 1 if space >= 0 else start :]
        return Content("  ") + content

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        self.post_message(self.Open(event.row.id))
