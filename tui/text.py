"""Turning untrusted strings into Content: never markup, never terminal controls.

Every string that came from an article, a title or a file name goes through ``line`` or
``spans`` before it is shown. Content does not parse markup, so ``[b]`` and
``[@click=app.quit]`` stay literal; ``clean`` removes escape sequences and control
characters that Content would pass to the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.style import Style as RichStyle
from textual.content import Content, Span
from textual.style import Style
from textual.widget import Widget

from index.corpus.text import clean

# How each entity label is grouped in the entities pane and marked in the article.
KINDS: dict[str, str] = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "DATE": "date",
    "MONEY": "figure",
    "PERCENT": "figure",
    "CARDINAL": "figure",
    "QUANTITY": "figure",
}
KIND_TITLES: dict[str, str] = {
    "person": "People",
    "org": "Organisations",
    "place": "Places",
    "group": "Groups",
    "date": "Dates",
    "figure": "Money and figures",
}


def kind_of(label: str) -> str:
    return KINDS.get(label, "figure")


def line(text: str, style: Style | str = "") -> Content:
    """One line of untrusted text: cleaned, newlines and tabs folded to spaces."""
    text = clean(text).replace("\n", " ").replace("\t", " ")
    content = Content(text)
    return content.stylize(style) if style else content


def with_spans(
    text: str, spans: Iterable[tuple[int, int]], style: Style, base: Style | str = ""
) -> Content:
    """Untrusted text with some ranges styled (search matches, mentions)."""
    content = Content(text, [Span(s, e, style) for s, e in spans if 0 <= s < e <= len(text)])
    return content.stylize_before(base) if base else content


def component(widget: Widget, name: str) -> Style:
    """A component class's own style, for a span.

    In Textual 8.2 ``get_visual_style(partial=True)`` drops opaque backgrounds and
    ``reverse``, and the partial Rich style drops the alpha of colours like
    ``$foreground-muted``; so attributes come from the partial style, and the colours it
    sets from the full one (blended over the widget's background).
    """
    partial = widget.get_component_rich_style(name, partial=True)
    full = widget.get_component_rich_style(name)
    colours = RichStyle(
        color=full.color if partial.color is not None else None,
        bgcolor=full.bgcolor if partial.bgcolor is not None else None,
    )
    return Style.from_rich_style(partial + colours)
