"""Where each "SEE ALSO" reference stood in its article, to show it there.

The model lifts references out of the text and keeps them as a list; the article's file
still says where they were. This reads the file again (on the reader thread) and finds, for
each reference, the paragraph that followed it.
"""

from __future__ import annotations

from index.model import Article
from index.seealso import MARKER, split_references
from index.text import clean, decode


def reference_positions(article: Article) -> dict[str, int]:
    """Reference title -> index of the paragraph it stood before (len(paragraphs): the end).

    Titles that cannot be placed (front matter, links) are left out: they go at the end.
    """
    try:
        with open(article.path, "rb") as handle:
            text, _ = decode(handle.read(4_000_000))
    except OSError:
        return {}
    paragraphs = article.paragraphs
    wanted = set(article.see_also)
    positions: dict[str, int] = {}
    at = 0  # paragraphs before ``at`` are behind us
    for raw in clean(text).split("\n"):
        line = " ".join(raw.split())
        found = MARKER.search(line)
        if not found:
            at = _advance(paragraphs, at, line)
            continue
        before = line[: found.start()].strip()
        if before:
            at = _advance(paragraphs, at, before)
        while found:
            rest = line[found.start() :]
            following = MARKER.search(rest, 1)
            parts, titles = split_references(rest[: following.start()] if following else rest)
            if titles and titles[0] in wanted and titles[0] not in positions:
                after = _find(paragraphs, at, parts[0]) if parts else -1
                positions[titles[0]] = after if after >= 0 else at
                if after >= 0:
                    at = after + 1
            found = MARKER.search(line, found.end())
    return positions


def _find(paragraphs: tuple[str, ...], start: int, text: str) -> int:
    for index in range(start, len(paragraphs)):
        if paragraphs[index] == text or paragraphs[index].startswith(text[:60]):
            return index
    return -1


def _advance(paragraphs: tuple[str, ...], at: int, text: str) -> int:
    """Move past the paragraph this line of the file became, if it is one."""
    if not text:
        return at
    index = _find(paragraphs, at, text)
    return index + 1 if index >= 0 else at
