"""The Articles pane: the corpus, search results, or an entity's articles."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from textual import on
from textual.content import Content
from textual.message import Message

from index.model import Hit, Summary
from tui.reader import EntityHit
from tui.text import line, with_spans
from tui.widgets.line_list import LineList


def meta_line(when: date | None, source: str) -> str:
    return " · ".join(part for part in (when.isoformat() if when else "", source) if part)


class ArticleList(LineList):
    """One line per article (two with a snippet); unread titles stand out."""

    COMPONENT_CLASSES: ClassVar[set[str]] = LineList.COMPONENT_CLASSES | {
        "article-list--unread",
        "article-list--read",
        "article-list--meta",
        "article-list--snippet",
        "article-list--match",
    }
    DEFAULT_CSS = """
    ArticleList {
        & > .article-list--unread { text-style: bold; }
        & > .article-list--read { color: $text-muted; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--snippet { color: $text-muted; }
        & > .article-list--match { color: $text-warning; text-style: bold underline; }
    }
    """

    class Open(Message):
        """Enter or a click on an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, read: set[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.read = read
        self.snippets = False

    def show(self, rows: list[Any], empty: str, cursor: int = 0) -> None:
        self.snippets = any(isinstance(r, Hit | EntityHit) and r.snippet for r in rows)
        self.set_rows(rows, cursor=cursor, empty=empty)

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
            return self._snippet(row)
        title_style = self.get_visual_style(
            "article-list--read" if row.id in self.read else "article-list--unread", partial=True
        )
        if isinstance(row, Summary | Hit):
            meta = meta_line(row.date, row.source)
        else:
            meta = f"{row.count}×"
        title = line(row.title, title_style)
        if not meta:
            return title
        meta_content = line(meta, self.get_visual_style("article-list--meta", partial=True))
        room = width - meta_content.cell_length - 2
        if room < 12:
            return title
        return Content.assemble(title.truncate(room, ellipsis=True, pad=True), "  ", meta_content)

    def _snippet(self, row: Any) -> Content:
        snippet = getattr(row, "snippet", "")
        if not snippet:
            return Content("")
        match = self.get_visual_style("article-list--match", partial=True)
        base = self.get_visual_style("article-list--snippet", partial=True)
        return Content("  ") + with_spans(snippet, row.spans, match, base)

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        self.post_message(self.Open(event.row.id))
