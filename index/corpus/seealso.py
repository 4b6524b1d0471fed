"""Lifting "SEE ALSO: <title>" references out of running text.

Real articles lose the line break after the reference title when they are scraped, so the
title is often glued to the next sentence::

    SEE ALSO: Pakistan's Deportation Drive Sees Mass Exodus Of Afghans"Pakistan has many...
    SEE ALSO: ... Secret Nuclear Base In BelarusBelarusian authorities were accused...

The title ends at the first of:

1. a glue point inside a word: an opening quote straight after a letter (``Afghans"Pakistan``)
   or a lower-to-upper case change (``BelarusBelarusian``), confirmed by what follows reading
   as the start of a sentence (a lower-case word follows soon);
2. the end of the paragraph, when no sentence punctuation comes before it;
3. the end of the run of Title Case words, when a sentence in ordinary case follows.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"SEE ALSO\s*:\s*", re.IGNORECASE)
# What a text holds if any of its lines, spaces made single, holds a MARKER.
MAY_MARK = re.compile(r"SEE\s+ALSO\s*:", re.IGNORECASE)
_WORD = re.compile(r"\S+")
# Words a Title Case headline leaves in lower case.
_SMALL = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "nor",
        "of",
        "off",
        "on",
        "onto",
        "or",
        "per",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "over",
        "after",
        "amid",
    ]
)
_QUOTES = "\"“”'‘’«"
# Case changes inside a word that are part of names, not glue.
_NAME_PREFIXES = ("Mc", "Mac", "De", "Di", "Da", "La", "Le", "Van", "Von", "O'")
_GLUE_CASE = re.compile(r"(?<=[a-z\d.!?)])(?=[A-Z][a-z]|A$)")
# An ALL CAPS title glued to a capitalised word: "...EAST NETJABrardenian officials".
_GLUE_CAPS = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z])")
# Words that start sentences far more often than they continue a headline.
_STARTERS = re.compile(
    r"(?:The|A|An|On|In|At|After|Before|But|And|As|When|While|During|Since|Last|This|It|He|She"
    r"|They|We|To|For|With|From|About|Some|Many|More|Officials|According|However|Meanwhile"
    r")(?![a-z])"
)
_GLUE_QUOTE = re.compile(r"(?<=[\w.!?)])(?=[\"“«][A-Z\d])")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?=\s|$)")
MAX_TITLE = 300


def split_references(paragraph: str) -> tuple[list[str], list[str]]:
    """Split one paragraph into its text parts and the reference titles found in it.

    Returns ``(parts, titles)``: the text before, between and after references, each a
    paragraph of its own (empty parts dropped), and the titles in order.
    """
    parts, placed = split_placed(paragraph)
    return parts, [title for title, _ in placed]


def split_placed(paragraph: str) -> tuple[list[str], list[tuple[str, int]]]:
    """Like ``split_references``, with each title's place: how many parts came before it."""
    parts: list[str] = []
    placed: list[tuple[str, int]] = []
    rest = paragraph
    while True:
        found = MARKER.search(rest)
        if not found:
            break
        before = rest[: found.start()].strip()
        if before:
            parts.append(before)
        segment = rest[found.end() :]
        following = MARKER.search(segment)
        stop = following.start() if following else len(segment)
        title, tail = _take_title(segment[:stop])
        rest = tail + segment[stop:]
        if title:
            placed.append((title, len(parts)))
    rest = rest.strip()
    if rest:
        parts.append(rest)
    return parts, placed


def _take_title(segment: str) -> tuple[str, str]:
    """Split the text after "SEE ALSO:" into (title, the sentence that follows)."""
    words = list(_WORD.finditer(segment))[:80]
    for index, word in enumerate(words):
        following = [w.group() for w in words[index + 1 : index + 7]]
        cut = _glue_point(word.group(), following)
        if cut is not None:
            end = word.start() + cut
            return _tidy(segment[:end]), segment[end:]
    sentence_end = _SENTENCE_END.search(segment)
    if not sentence_end:
        return _tidy(segment), ""
    for index, word in enumerate(words):
        if word.start() >= sentence_end.end():
            break
        if index and _is_sentence_start(words, index):
            return _tidy(segment[: word.start()]), segment[word.start() :]
    return _tidy(segment[: sentence_end.start()]), segment[sentence_end.end() :]


def _glue_point(word: str, following: list[str]) -> int | None:
    """The offset inside ``word`` where a title runs into the next sentence, if any."""
    if len(word) > MAX_TITLE:
        return None
    for pattern in (_GLUE_QUOTE, _GLUE_CASE, _GLUE_CAPS):
        for match in pattern.finditer(word):
            cut = match.start()
            head, tail = word[:cut], word[cut:]
            if pattern is not _GLUE_QUOTE and not _plausible_case_glue(head, tail):
                continue
            if pattern is _GLUE_CAPS and not head.isupper():
                continue
            if not _reads_as_sentence(tail, following):
                continue
            return cut
    return None


def _plausible_case_glue(head: str, tail: str) -> bool:
    """Is a case change inside a word a seam, not a name (McDonald) or a brand (YouTube)?"""
    letters = tail.rstrip(".,;:!?'\"’”")
    if _STARTERS.match(letters):
        return len(head) >= 2
    return len(head) >= 4 and len(letters) >= 3 and head not in _NAME_PREFIXES


def _reads_as_sentence(tail: str, following: list[str]) -> bool:
    """Does a piece cut off a glued word start a sentence rather than continue a name?

    A quotation opening right after the title does, and so does a word that mostly starts
    sentences ("The", "On"); otherwise one of the next six words must be in lower case
    where a headline would have capitalised it (``Port Elsin dockers`` and ``Norvanian
    Transport Minister Marta Velkovan said`` yes, ``Star Sues Norvanian Ministry`` no).
    """
    if tail[0] in _QUOTES or _STARTERS.match(tail):
        return True
    return any(_breaks_title_case(word) for word in following)


def _is_sentence_start(words: list[re.Match[str]], index: int) -> bool:
    """Is words[index] a capitalised word that starts an ordinary sentence after the title?

    True when the title so far is Title Case, this word is capitalised, and the next word is
    in lower case where a headline would have capitalised it.
    """
    word = words[index].group()
    if not word[:1].isupper() and word[:1] not in _QUOTES:
        return False
    if any(_breaks_title_case(w.group()) for w in words[:index]):
        return False  # the title itself is in sentence case: no Title Case run to end
    following = [w.group() for w in words[index + 1 : index + 3]]
    return bool(following) and _breaks_title_case(following[0])


def _breaks_title_case(word: str) -> bool:
    stripped = word.strip(_QUOTES + "(),:;")
    return bool(stripped) and stripped[0].islower() and stripped.lower() not in _SMALL


def _tidy(title: str) -> str:
    title = " ".join(title.split()).strip(" -–—:|")
    if len(title) > MAX_TITLE:
        title = title[:MAX_TITLE].rsplit(" ", 1)[0] + "…"
    return title
