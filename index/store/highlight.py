"""Where a search's words stand in an article: stemmed matches and the best snippet.

Matches are found with the index's own analyzer, so "migrants" is marked for "migrant";
offsets are character offsets into the text given, ready for ``Content`` spans.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.store.schema import analyzer, fold_same_length

SNIPPET = 220  # characters of context around the best match


@lru_cache(maxsize=100_000)
def _stem(word: str) -> str:
    for token in analyzer()(word):
        return str(token.text)
    return ""


def match_spans(text: str, terms: set[str] | frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the words in ``text`` whose analysed form is one of ``terms``.

    A stem is nearly always a prefix of its words' shortest form minus a letter, so a regex
    over those prefixes finds candidates and the stemmer confirms each one.
    """
    if not terms:
        return []
    prefixes = sorted({t[: max(2, len(t) - 1)] for t in terms if t}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")\w*", re.IGNORECASE)
    spans = []
    for match in pattern.finditer(fold_same_length(text)):
        if _stem(match.group().lower()) in terms:
            spans.append((match.start(), match.end()))
    return spans


def make_snippet(body: str, terms: set[str] | None) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The stretch of ``body`` with the most matches, and the match offsets inside it."""
    spans = match_spans(body, terms or set())
    if not spans:
        snippet = body[:SNIPPET]
        cut = snippet.rfind(" ") if len(body) > SNIPPET else len(snippet)
        return " ".join(body[: max(cut, 1)].split()) + ("…" if len(body) > SNIPPET else ""), ()
    best_start, best_count = spans[0][0], 0
    right = 0
    for left, (start, _) in enumerate(spans):
        while right < len(spans) and spans[right][1] - start <= SNIPPET:
            right += 1
        if right - left > best_count:
            best_start, best_count = start, right - left
    begin = max(0, best_start - 40)
    if begin:
        space = body.rfind(" ", 0, begin + 1)
        begin = space + 1 if space >= 0 and best_start - space < 80 else begin
    end = min(len(body), begin + SNIPPET)
    if end < len(body):
        space = body.rfind(" ", begin, end)
        end = space if space > best_start else end
    raw = body[begin:end]
    # Newlines become spaces (same length), so offsets stay valid.
    snippet = raw.replace("\n", " ")
    inside = tuple((s - begin, e - begin) for s, e in spans if s >= begin and e <= end)
    prefix = "…" if begin else ""
    shift = len(prefix)
    return (
        prefix + snippet + ("…" if end < len(body) else ""),
        tuple((s + shift, e + shift) for s, e in inside),
    )
