"""HTML fragments as plain text: a feed item's title or summary, a JSON field holding HTML.

Nothing is rendered or executed: tags are dropped (the contents of ``script``, ``style`` and
the like with them), entities decoded, block elements become paragraph breaks. The standard
library's parser never fetches anything and tolerates any malformed markup.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from index.corpus.text import clean

_BLOCK = frozenset(
    re.findall(
        r"\w+",
        "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4"
        " h5 h6 header hr li main nav ol p pre section table td th tr ul",
    )
)
_SKIP = frozenset(
    re.findall(r"\w+", "script style noscript template iframe object embed svg math head")
)
_MARKUP_HINT = re.compile(r"<[a-zA-Z/!]|&(?:[a-zA-Z]{2,8}|#\d{1,7}|#x[0-9a-fA-F]{1,6});")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: one paragraph a line, spaces collapsed, clean."""
    if not _MARKUP_HINT.search(fragment):
        return clean(fragment).strip()
    parser = _Text()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return clean("\n".join(line for line in lines if line))


def one_line(fragment: str) -> str:
    """A title: the text of a fragment on one line."""
    return " ".join(html_to_text(fragment).split())
