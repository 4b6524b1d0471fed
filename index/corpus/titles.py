"""An article's title: its headline when the first line reads as one, else one made short
from the first sentence (scene-setting opener dropped, cut at a word boundary)."""

from __future__ import annotations

import re

MAX_TITLE = 90
_SENTENCE = re.compile(r"(?<=[.!?])[\"”’')]*\s")


def derive_title(sentence_source: str) -> str:
    """A short title from the first sentence, cut at a word boundary, never mid-word."""
    text = sentence_source.strip()
    if not text:
        return ""
    first = _SENTENCE.split(text, maxsplit=1)[0].strip().rstrip(".")
    first = _drop_opener(first)
    if len(first) <= MAX_TITLE:
        return first
    cut = (
        first[: MAX_TITLE + 1].rsplit(" ", 1)[0] if " " in first[:MAX_TITLE] else first[:MAX_TITLE]
    )
    cut = cut.rstrip(",;:-–— ")
    # Do not end on a dangling small word ("... visit to").
    words = cut.split(" ")
    while len(words) > 3 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words) + "…"


def _drop_opener(sentence: str) -> str:
    """Drop a scene-setting opener ("In a rare moment of X, ...") when the rest can stand alone.

    News ledes often begin with an adverbial clause; a headline starts with who did what.
    """
    head, comma, rest = sentence.partition(", ")
    first_word = head.split(" ", 1)[0]
    if comma and first_word in _OPENERS and len(head) <= 70 and len(rest.split()) >= 5:
        return rest[0].upper() + rest[1:]
    return sentence


_OPENERS = frozenset(
    [
        "In",
        "On",
        "At",
        "After",
        "Before",
        "During",
        "For",
        "With",
        "As",
        "While",
        "Amid",
        "Despite",
        "Following",
        "Since",
        "When",
        "Once",
        "Earlier",
        "Later",
        "Last",
        "This",
        "Meanwhile",
        "However",
        "Still",
        "Yet",
    ]
)
_DANGLING = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "its",
        "their",
        "his",
        "her",
    ]
)


def headline(lines: list[str]) -> tuple[str, list[str]]:
    """Take the first non-empty line as a headline when it reads as one.

    A headline is short, ends without a full stop and has text after it. It starts like a
    title (a capital, a figure, a currency sign, or a word such as "eBay"); one that stands
    alone, followed by a blank line, may also start with a quote or a lower-case word
    ("'Post-Christmas lull' in shopping", "ebay to buy ..."). A quote run straight into the
    text is a lede, not a headline.
    """
    for index, line in enumerate(lines):
        if not line:
            continue
        rest = [x for x in lines[index + 1 :] if x]
        words = line.split()
        stands_alone = index + 1 < len(lines) and not lines[index + 1]
        is_headline = (
            bool(rest)
            and len(line) <= 150
            and 2 <= len(words) <= 25
            and not line.endswith((".", ",", ";", ":"))
            and "SEE ALSO" not in line.upper()
            and (stands_alone or (_starts_like_title(words[0]) and line[0] not in _QUOTES))
        )
        if is_headline:
            return line, lines[index + 1 :]
        return "", lines
    return "", lines


_QUOTES = "\"'“‘«"


def _starts_like_title(word: str) -> bool:
    first = word.lstrip(_QUOTES)[:1]
    return first.isupper() or first.isdigit() or first in "$£€¥" or word[1:] != word[1:].lower()
