"""The Cross-references pane: see-also references, backlinks, related stories, duplicates."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.content import Content
from textual.message import Message

from tui.text import component, line
from tui.widgets.line_list import LineList


@dataclass(frozen=True)
class Item:
    """A row that can be opened: an article (``target``) or a title to search for."""

    kind: str  # "see_also", "backlink", "related" or "duplicate"
    title: str
    target: str | None  # article id; None when the title is not in the corpus


@dataclass(frozen=True)
class Note:
    """A row that cannot take the cursor: a heading or an explanation."""

    text: str
    heading: bool = False


class CrossRefs(LineList):
    """Headings, items and notes, one line each."""

    class Open(Message):
        """Open an article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class SearchTitle(Message):
        """A reference not in the corpus: search for its title instead."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    def selectable(self, index: int) -> bool:
        return isinstance(self.rows[index], Item)

    def show(
        self,
        see_also: list[Item],
        backlinks: list[Item] | None,
        related: list[tuple[Item, str]] | None,
        empty: str = "",
        no_related: str = "",
        duplicates: list[Item] | None = None,
    ) -> None:
        rows: list[Any] = [Note(f"See also ({len(see_also)})", True)]
        rows += see_also or [Note("  none")]
        rows.append(Note(f"Backlinks ({len(backlinks)})" if backlinks else "Backlinks", True))
        if backlinks is None:
            rows.append(Note(f"  {empty or 'not available yet'}"))
        else:
            rows += backlinks or [Note("  none")]
        rows.append(Note(f"Related ({len(related)})" if related else "Related", True))
        if related is None:
            rows.append(Note(f"  {empty or 'not available yet'}"))
        else:
            for item, why in related:
                rows.append(item)
                if why:
                    rows.append(Note(f"    {why}"))
            if not related:
                room = self.scrollable_content_region.width - 3  # indent and scrollbar
                lines = textwrap.wrap(no_related, room if room > 10 else 30) or ["none"]
                rows += [Note(f"  {text}") for text in lines]
        if duplicates:  # copies of this article: never "related", listed apart
            rows.append(Note(f"Duplicates ({len(duplicates)})", True))
            rows += duplicates
        self.set_rows(rows)

    def render_row(self, index: int, line_no: int, width: int) -> Content:
        row = self.rows[index]
        if isinstance(row, Note):
            name = "line-list--heading" if row.heading else "line-list--dim"
            return line(row.text, component(self, name))
        if row.target is None:
            # The mark stays in view however narrow the pane: the title gives way.
            dim = component(self, "line-list--dim")
            title = line(row.title).truncate(max(8, width - 17), ellipsis=True, pad=True)
            return Content.assemble(" ", title, (" not in corpus", dim))
        return Content.assemble(" ", line(row.title))

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        item: Item = event.row
        if item.target:
            self.post_message(self.Open(item.target))
        else:
            self.post_message(self.SearchTitle(item.title))
