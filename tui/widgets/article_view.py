"""The Article pane: title, metadata, paragraphs, see-also links where they stood.

Drawn with the Line API: the article is wrapped once per width into lines of Content, and
only the lines in view are rendered, so long articles scroll smoothly. Entity mentions are
tinted by kind, search matches and the chosen entity's mentions highlighted; every style is
a component class so a theme can change it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich._wrap import divide_line
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from index.store.highlight import match_spans
from tui.reader import ArticleData
from tui.text import KINDS, component, kind_of, line
from tui.widgets.article_list import meta_line

MAX_WIDTH = 100  # columns of text, however wide the pane: long lines are hard to read


@dataclass(frozen=True)
class _Block:
    content: Content
    paragraph: int = -1  # index of the paragraph this block is, or -1


class ArticleView(ScrollView, can_focus=True):
    """One article, wrapped to the pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "scroll_down", "Down", show=False, id="scroll_down"),
        Binding("up,k", "scroll_up", "Up", show=False, id="scroll_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="article_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="article_page_up"),
        Binding("home,g", "scroll_home", "Top", show=False, id="article_top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="article_bottom"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--link",
        "article-view--missing",
        "article-view--match",
        "article-view--chosen",
        "article-view--current",
        "article-view--empty",
        *(f"article-view--{kind}" for kind in set(KINDS.values())),
    }
    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;  /* text wraps to the same width with or without a bar */
        & > .article-view--title { text-style: bold; color: $text-primary; }
        & > .article-view--meta { color: $foreground-muted; }
        & > .article-view--link { color: $text-accent; text-style: underline; }
        & > .article-view--missing { color: $foreground-muted; text-style: italic; }
        & > .article-view--match { background: $warning-muted; text-style: bold; }
        & > .article-view--chosen { background: $primary-muted; }
        & > .article-view--current { color: $accent; text-style: bold reverse; }
        & > .article-view--empty { color: $foreground-muted; text-style: italic; }
        & > .article-view--person { color: $text-success; }
        & > .article-view--org { color: $text-secondary; }
        & > .article-view--place { color: $text-warning; }
        & > .article-view--group { color: $text-warning; }
        & > .article-view--date { color: $foreground-muted; }
        & > .article-view--figure { color: $foreground-muted; }
    }
    """

    class LinkClicked(Message):
        """A see-also link in the text was clicked."""

        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: ArticleData | None = None
        self.resolved: dict[str, str | None] = {}  # see-also title -> article id, or None
        self.terms: frozenset[str] = frozenset()
        self.chosen: str | None = None  # key of the entity whose mentions are highlighted
        self.current: int = -1  # index of the mention in focus among the chosen ones
        self.found = ""  # ctrl+f: the text found in the article (any case)
        self.found_at: list[int] = []  # its offsets in the body
        self.found_current = -1
        self.message = ""
        self._blocks: list[_Block] = []
        self._lines: list[Content] = []
        self._starts: dict[int, tuple[int, list[int]]] = {}  # paragraph -> first line, offsets
        self._width = 0

    # -- what the screen calls ---------------------------------------------------------

    def show(
        self,
        data: ArticleData | None,
        resolved: dict[str, str | None],
        terms: Iterable[str] = (),
        message: str = "",
    ) -> None:
        """Show an article (from the top), or a message when there is none."""
        self.data = data
        self.resolved = resolved
        self.terms = frozenset(terms)
        self.chosen, self.current = None, -1
        self.found, self.found_at, self.found_current = "", [], -1
        self.message = message
        self._rebuild()
        self.scroll_to(0, 0, animate=False)

    def find(self, text: str) -> int:
        """Highlight every occurrence of ``text`` (any case) and go to the first; how many."""
        self.found, self.found_at, self.found_current = text, [], -1
        if text and self.data is not None:
            body, needle = self.data.article.body.casefold(), text.casefold()
            start = body.find(needle)
            while start >= 0:
                self.found_at.append(start)
                start = body.find(needle, start + len(needle))
        if self.found_at:
            self.find_step(1)
        else:
            self._rebuild()
        return len(self.found_at)

    def find_step(self, step: int) -> None:
        """To the next (or previous) occurrence of the text found."""
        if not self.found_at:
            return
        self.found_current = (self.found_current + step) % len(self.found_at)
        self._rebuild()
        y = self.line_of(self.found_at[self.found_current])
        if y >= 0:
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(0, y - height // 3), animate=False)

    def set_terms(self, terms: Iterable[str]) -> None:
        terms = frozenset(terms)
        if terms != self.terms:
            self.terms = terms
            self._rebuild()

    def choose(self, key: str | None) -> None:
        """Highlight one entity's mentions (None: none)."""
        self.chosen, self.current = key, -1
        self._rebuild()

    def chosen_mentions(self) -> list[Any]:
        if self.data is None or not self.data.mentions or self.chosen is None:
            return []
        return [m for m in self.data.mentions if m.key == self.chosen]

    def step_mention(self, step: int) -> int:
        """Move to the next (or previous) mention of the chosen entity; its index, or -1."""
        mentions = self.chosen_mentions()
        if not mentions:
            return -1
        if self.current < 0:
            self.current = 0 if step > 0 else len(mentions) - 1
        else:
            self.current = (self.current + step) % len(mentions)
        self._rebuild()
        y = self.line_of(mentions[self.current].start)
        if y >= 0:
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(0, y - height // 3), animate=False)
        return self.current

    def line_of(self, offset: int) -> int:
        """The line showing a character offset of the article body, or -1."""
        if self.data is None:
            return -1
        start = 0
        for index, paragraph in enumerate(self.data.article.paragraphs):
            end = start + len(paragraph)
            if start <= offset < end and index in self._starts:
                first, offsets = self._starts[index]
                return first + bisect_right(offsets, offset - start) - 1
            start = end + 2
        return -1

    @property
    def text_lines(self) -> list[str]:
        """The lines as shown, for tests."""
        return [content.plain for content in self._lines]

    # -- building ------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        return component(self, f"article-view--{name}")

    def _rebuild(self) -> None:
        self._blocks = self._make_blocks()
        self._width = 0
        self._layout()
        self.refresh()

    def _make_blocks(self) -> list[_Block]:
        if self.data is None:
            return [_Block(line(self.message, self._style("empty")))] if self.message else []
        article = self.data.article
        blocks = [_Block(line(article.title, self._style("title")))]
        meta = meta_line(article.date, article.source)
        extra = [meta, article.url, ", ".join(article.tags)]
        if article.title_derived:
            extra.append("title made from the first sentence")
        meta = " · ".join(part for part in extra if part)
        if meta:
            blocks.append(_Block(line(meta, self._style("meta"))))
        # Each reference where it stood: before a paragraph, or at the end (len(paragraphs))
        # when it stood there or had no place in the text (-1, or not recorded).
        end = len(article.paragraphs)
        places: dict[int, list[str]] = {}
        stood = article.see_also_at + (end,) * (len(article.see_also) - len(article.see_also_at))
        for title, at in zip(article.see_also, stood, strict=False):
            places.setdefault(at if 0 <= at <= end else end, []).append(title)
        offset = 0
        mentions = sorted(self.data.mentions or (), key=lambda m: m.start)
        for index, paragraph in enumerate(article.paragraphs):
            blocks += [_Block(Content(""))] + [self._link(t) for t in places.get(index, [])]
            blocks.append(_Block(self._paragraph(paragraph, offset, mentions), index))
            offset += len(paragraph) + 2
        if places.get(end):
            blocks += [_Block(Content(""))] + [self._link(t) for t in places[end]]
        return blocks

    def _link(self, title: str) -> _Block:
        click = Style.from_meta({"see_also": title})
        if self.resolved.get(title):
            text = Content.assemble("→ See also: ", line(title, self._style("link") + click))
        else:
            label = line(f"{title} (not in corpus)")
            text = Content.assemble("→ See also: ", label.stylize(self._style("missing") + click))
        return _Block(text)

    def _paragraph(self, text: str, offset: int, mentions: list[Any]) -> Content:
        spans: list[Span] = []
        end = offset + len(text)
        chosen = [m for m in mentions if m.key == self.chosen]
        current = chosen[self.current] if 0 <= self.current < len(chosen) else None
        for mention in mentions:
            if mention.start < offset or mention.end > end:
                continue
            start, stop = mention.start - offset, mention.end - offset
            spans.append(Span(start, stop, self._style(kind_of(mention.label))))
            if mention.key == self.chosen:
                name = "current" if mention is current else "chosen"
                spans.append(Span(start, stop, self._style(name)))
        match = self._style("match")
        spans += [Span(s, e, match) for s, e in match_spans(text, self.terms)]
        size = len(self.found)
        for index, at in enumerate(self.found_at):
            if offset <= at and at + size <= end:
                name = "current" if index == self.found_current else "match"
                spans.append(Span(at - offset, at - offset + size, self._style(name)))
        return Content(text, spans)

    def _layout(self) -> None:
        width = max(10, min(MAX_WIDTH, self.scrollable_content_region.width))
        if width == self._width:
            return
        self._width = width
        lines: list[Content] = []
        self._starts = {}
        for block in self._blocks:
            plain = block.content.plain
            offsets = divide_line(plain, width, fold=True) if plain else []
            if block.paragraph >= 0:
                self._starts[block.paragraph] = (len(lines), [0, *offsets])
            lines += [part.rstrip() for part in block.content.divide(offsets)]
        self._lines = lines
        self.virtual_size = Size(width, len(lines))

    # -- drawing and events ----------------------------------------------------------------

    def on_resize(self) -> None:
        self._layout()

    def render_line(self, y: int) -> Strip:
        # scroll_offset is what the compositor uses (scroll_y rounded): int(scroll_y) drew the
        # last frame of an animated scroll one line short, so G never showed the last line.
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self._lines):
            return Strip.blank(width, self.rich_style)
        segments = self._lines[index].render_segments(self.visual_style)
        return Strip(segments).crop_extend(0, width, self.rich_style)

    def on_click(self, event: events.Click) -> None:
        title = event.style.meta.get("see_also")
        if title:
            self.post_message(self.LinkClicked(title))
