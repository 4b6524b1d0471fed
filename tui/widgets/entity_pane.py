"""The Entities pane: the article's entities grouped by kind, with mention counts."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.text import KIND_TITLES, component, kind_of, line
from tui.widgets.line_list import LineList

ORDER = list(KIND_TITLES)


class EntityList(LineList):
    """Headings (str) and entities; only entities take the cursor."""

    def selectable(self, index: int) -> bool:
        return not isinstance(self.rows[index], str)

    def on_focus(self) -> None:
        """Coming to the pane chooses the entity under the cursor."""
        super().on_focus()
        if self.current is not None:
            self.post_message(self.Moved(self, self.cursor, self.current))

    def render_row(self, index: int, line_no: int, width: int) -> Content:
        row = self.rows[index]
        if isinstance(row, str):
            return line(row, component(self, "line-list--heading"))
        count = Content(f"{row.count}")
        name = line(row.name)  # a date or sum as the text writes it, never its normalised value
        room = width - count.cell_length - 3
        return Content.assemble(" ", name.truncate(room, ellipsis=True, pad=True), " ", count)


class EntityPane(Vertical):
    """The list, and a line offering the chosen entity's other articles."""

    class Chosen(Message):
        """The cursor is on an entity (or on none): highlight its mentions."""

        def __init__(self, entity: Any | None) -> None:
            super().__init__()
            self.entity = entity

    class ListArticles(Message):
        """Enter on an entity: list every article naming it."""

        def __init__(self, entity: Any) -> None:
            super().__init__()
            self.entity = entity

    def compose(self) -> ComposeResult:
        yield EntityList(id="entity-list")
        yield Static(id="entity-offer")

    @property
    def list(self) -> EntityList:
        return self.query_one(EntityList)

    def show(self, entities: tuple[Any, ...] | None, empty: str = "") -> None:
        rows: list[Any] = []
        if entities:
            groups: dict[str, list[Any]] = {}
            for entity in entities:
                groups.setdefault(kind_of(entity.label), []).append(entity)
            for kind in ORDER:
                members = sorted(groups.get(kind, []), key=lambda e: (-e.count, e.name.lower()))
                if members:
                    rows.append(f"{KIND_TITLES[kind]} ({len(members)})")
                    rows += members
        if entities is None:
            empty = empty or "Entities: not available yet"
        self.list.set_rows(rows, empty=empty or "No entities found in this article")
        self.offer(None)

    def offer(self, text: Content | None) -> None:
        offer = self.query_one("#entity-offer", Static)
        offer.update(text or "")
        offer.display = bool(text)

    def offer_others(self, mentions: int, others: int) -> None:
        """Say how to step through the mentions here and how to list the other articles."""
        elsewhere = f"in {others} other article(s): Enter lists them" if others else "nowhere else"
        self.offer(Content(f"{mentions} mention(s) here, n/N to step · {elsewhere}"))

    @property
    def entity(self) -> Any | None:
        current = self.list.current
        return None if current is None or isinstance(current, str) else current

    @on(LineList.Moved, "#entity-list")
    def _moved(self, event: LineList.Moved) -> None:
        event.stop()
        self.post_message(self.Chosen(event.row))

    @on(LineList.Chosen, "#entity-list")
    def _chosen(self, event: LineList.Chosen) -> None:
        event.stop()
        self.post_message(self.ListArticles(event.row))
