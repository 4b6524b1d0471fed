"""A cursor list drawn a line at a time (Textual's Line API), for any number of rows.

Only the rows in view are ever rendered, so 100k rows cost what 30 do. Subclasses say how
tall a row is, how to draw one line of it, and which rows can take the cursor (group
headings cannot).
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle


class LineList(ScrollView, can_focus=True):
    """Rows of any kind; ``cursor`` is the index of the chosen row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("pagedown", "page_down_rows", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id="page_up"),
        Binding("home,g", "first", "First", show=False, id="first"),
        Binding("end,G", "last", "Last", show=False, id="last"),
        Binding("enter", "choose", "Open", show=False, id="open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-list--cursor",
        "line-list--cursor-blurred",
        "line-list--heading",
        "line-list--dim",
        "line-list--empty",
    }
    DEFAULT_CSS = """
    LineList {
        background: $surface;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* rows are cut to the same width with or without a bar */
        & > .line-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .line-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .line-list--heading { color: $text-accent; text-style: bold; }
        & > .line-list--dim { color: $foreground-muted; }
        & > .line-list--empty { color: $foreground-muted; text-style: italic; }
    }
    """

    cursor: reactive[int] = reactive(-1, always_update=True, init=False)

    class RowMessage(Message):
        """Something happened to one row of the list."""

        def __init__(self, source: LineList, index: int, row: Any) -> None:
            super().__init__()
            self.source = source
            self.index = index
            self.row = row

        @property
        def control(self) -> LineList:
            return self.source

    class Chosen(RowMessage):
        """Enter or a click on a row."""

    class Moved(RowMessage):
        """The cursor moved to another row."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[Any] = []
        self.empty_text = ""

    # -- what subclasses provide ---------------------------------------------------------

    @property
    def row_height(self) -> int:
        return 1

    def render_row(self, index: int, line: int, width: int) -> Content:
        return Content(str(self.rows[index]))

    def selectable(self, index: int) -> bool:
        return True

    def owner(self, index: int) -> int:
        """The row a row belongs to (a wrapped row's first line); it shares the cursor."""
        return index

    # -- rows ----------------------------------------------------------------------------

    def set_rows(self, rows: list[Any], cursor: int = 0, empty: str = "") -> None:
        """Replace every row; put the cursor on ``cursor`` (or the next row that can take it)."""
        self.rows = rows
        self.empty_text = empty
        self.virtual_size = Size(0, len(rows) * self.row_height)
        self.scroll_to(0, 0, animate=False)
        self._move(self._selectable_from(cursor, 1), announce=False)
        self.refresh()

    @property
    def current(self) -> Any | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def _selectable_from(self, index: int, step: int) -> int:
        index = max(0, min(index, len(self.rows) - 1))
        while 0 <= index < len(self.rows):
            if self.selectable(index):
                return index
            index += step
        return -1

    def _move(self, index: int, announce: bool = True) -> None:
        if index < 0:
            if self.cursor != -1:
                self.cursor = -1
            return
        self.cursor = index
        height = self.row_height
        if self.size.height:  # a hidden pane has no height: scrolling would skip row 0
            self.scroll_to_region(
                Region(0, index * height, 1, height), animate=False, force=True, immediate=True
            )
        if announce:
            self.post_message(self.Moved(self, index, self.rows[index]))

    def _step(self, step: int) -> None:
        index = self.cursor + step
        while 0 <= index < len(self.rows) and not self.selectable(index):
            index += 1 if step > 0 else -1
        if 0 <= index < len(self.rows):
            self._move(index)

    def watch_cursor(self) -> None:
        self.refresh()

    # -- actions -------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down_rows(self) -> None:
        page = max(1, self.scrollable_content_region.height // self.row_height - 1)
        self._move(self._selectable_from(self.cursor + page, 1))

    def action_page_up_rows(self) -> None:
        page = max(1, self.scrollable_content_region.height // self.row_height - 1)
        self._move(self._selectable_from(self.cursor - page, -1))

    def action_first(self) -> None:
        self._move(self._selectable_from(0, 1))

    def action_last(self) -> None:
        self._move(self._selectable_from(len(self.rows) - 1, -1))

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self, self.cursor, self.current))

    def row_at(self, event: events.MouseEvent) -> int:
        """The row under the mouse, or -1 (on the border, the scrollbar, below the rows)."""
        offset = event.get_content_offset(self)
        if offset is None:
            return -1
        index = (offset.y + self.scroll_offset.y) // self.row_height
        return index if 0 <= index < len(self.rows) else -1

    def on_click(self, event: events.Click) -> None:
        index = self.row_at(event)
        index = self.owner(index) if index >= 0 else index
        if index >= 0 and self.selectable(index):
            self._move(index)
            self.action_choose()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(0, len(self.rows) * self.row_height)

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        # The offset the compositor uses (scroll_y rounded), never int(scroll_y): mid-animation
        # they differ, and the last frame of a scroll would draw the rows one off.
        index, line = divmod(self.scroll_offset.y + y, self.row_height)
        if not self.rows:
            if y == 0 and self.empty_text:
                text = Content(self.empty_text).truncate(width, ellipsis=True)
                return self._strip(text, width, self.get_visual_style("line-list--empty"))
            return Strip.blank(width, base)
        if index >= len(self.rows):
            return Strip.blank(width, base)
        content = self.render_row(index, line, width).truncate(width, ellipsis=True)
        if self.owner(index) == self.cursor:
            name = "line-list--cursor" if self.has_focus else "line-list--cursor-blurred"
            return self._strip(content, width, self.get_visual_style(name))
        return self._strip(content, width)

    def _strip(self, content: Content, width: int, base: VisualStyle | None = None) -> Strip:
        base = base or self.visual_style
        return Strip(content.render_segments(base)).crop_extend(0, width, base.rich_style)
