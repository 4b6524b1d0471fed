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

MISSING = "(not in corpus)"
WALK_KEYS = {"walk_next": "]", "walk_previous": "["}  # the key that opens each walk row


@dataclass(frozen=True)
class Item:
    """A row that can be opened: an article (``target``) or a title to search for."""

    kind: str  # "see_also", "backlink", "related", "duplicate", or "walk_next"/"walk_previous"
    title: str
    target: str | None  # article id; None when the title is not in the corpus


@dataclass(frozen=True)
class More:
    """A further line of the item at row ``owner`` (a long title, wrapped)."""

    owner: int
    text: str


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

    class Walk(Message):
        """A row of the related walk: step as ``]`` (1) or ``[`` (-1) would."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class SearchTitle(Message):
        """A reference not in the corpus: search for its title instead."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._shown: tuple[Any, ...] | None = None  # what show() was given, to rewrap
        self._text: dict[int, str] = {}  # row index of an item -> its first line
        self._wrapped_at = 0

    def selectable(self, index: int) -> bool:
        return isinstance(self.rows[index], Item)

    def owner(self, index: int) -> int:
        row = self.rows[index]
        return row.owner if isinstance(row, More) else index

    def show(
        self,
        see_also: list[Item],
        backlinks: list[Item] | None,
        related: list[tuple[Item, str]] | None,
        empty: str = "",
        no_related: str = "",
        walk: tuple[str, list[Item]] | None = None,
        duplicates: list[Item] | None = None,
    ) -> None:
        self._shown = (see_also, backlinks, related, empty, no_related, walk, duplicates or [])
        self._wrapped_at = self._width()
        self.set_rows(self._build(self._wrapped_at))

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 12 else 40  # a hidden pane: wrapped again when shown

    def on_resize(self) -> None:
        width = self._width()
        if self._shown is not None and width != self._wrapped_at:
            self._wrapped_at = width
            cursor = self.cursor
            self.set_rows(self._build(width), cursor=max(cursor, 0))
        super().on_resize()

    def _build(self, width: int) -> list[Any]:
        """Every title and reason wrapped to the pane: nothing is cut (issue 15, item 7)."""
        assert self._shown is not None
        see_also, backlinks, related, empty, no_related, walk, duplicates = self._shown
        rows: list[Any] = []
        self._text = {}

        def note(text: str, indent: int = 2, heading: bool = False) -> None:
            lines = textwrap.wrap(text, max(10, width - indent)) or [""]
            rows.extend(Note(" " * indent + part, heading) for part in lines)

        def item(entry: Item, prefix: str = " ") -> None:
            text = entry.title + (f" {MISSING}" if entry.target is None else "")
            lines = textwrap.wrap(
                text, max(10, width), initial_indent=prefix, subsequent_indent="   "
            ) or [prefix]
            self._text[len(rows)] = lines[0]
            owner = len(rows)
            rows.append(entry)
            rows.extend(More(owner, part) for part in lines[1:])

        if walk is not None:
            heading, steps = walk
            note(heading, 0, heading=True)
            for step in steps:
                item(step, f" {WALK_KEYS[step.kind]} ")
        rows.append(Note(f"See also ({len(see_also)})", True))
        for entry in see_also:
            item(entry)
        if not see_also:
            note("none")
        rows.append(Note(f"Backlinks ({len(backlinks)})" if backlinks else "Backlinks", True))
        if backlinks is None:
            note(empty or "not available yet")
        else:
            for entry in backlinks:
                item(entry)
            if not backlinks:
                note("none")
        rows.append(Note(f"Related ({len(related)})" if related else "Related", True))
        if related is None:
            note(empty or "not available yet")
        else:
            for entry, why in related:
                item(entry)
                if why:
                    note(why, 4)
            if not related:
                note(no_related or "none")
        if duplicates:  # copies of this article: never "related", listed apart
            rows.append(Note(f"Duplicates ({len(duplicates)})", True))
            for entry in duplicates:
                item(entry)
        return rows

    def render_row(self, index: int, line_no: int, width: int) -> Content:
        row = self.rows[index]
        if isinstance(row, Note):
            name = "line-list--heading" if row.heading else "line-list--dim"
            return line(row.text, component(self, name))
        text = row.text if isinstance(row, More) else self._text.get(index, f" {row.title}")
        content = line(text)
        if text.endswith(MISSING):  # the mark, dim, wherever the wrap put it
            dim = component(self, "line-list--dim")
            content = content.stylize(dim, len(text) - len(MISSING), len(text))
        return content

    @on(LineList.Chosen)
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        item: Item = event.row
        if item.kind in WALK_KEYS:
            self.post_message(self.Walk(1 if item.kind == "walk_next" else -1))
        elif item.target:
            self.post_message(self.Open(item.target))
        else:
            self.post_message(self.SearchTitle(item.title))
