"""Words near a typed word: fuzzy search (``word~``), wildcards (``gov*``) and "did you mean".

All three choose among the corpus's real surface words (``catalog_words``), never among the
stems in the full-text index, so a suggestion is always a word someone wrote. A misspelling
is looked for among words with the same first letter and a length near its own, which keeps
every lookup to a few hundred candidates whatever the size of the corpus, and means a word
in a script the corpus does not use gets no suggestion at all.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fnmatch import translate

from rapidfuzz import process
from rapidfuzz.distance import OSA

from index.store.catalog import Catalog
from index.store.schema import MAX_WORD, fold

FUZZY_CAP = 12  # words a fuzzy term stands for, the nearest and most used first
WILDCARD_CAP = 24  # words a wildcard stands for, the most used first
FREQUENCY_WEIGHT = 1.0  # edits one tenfold rise in use is worth, ranking suggestions
FIRST_LETTER = 1.0  # edits a suggestion starting with another letter counts as further
_LETTERS = re.compile(r"[^\W\d_]+")


def max_edits(word: str) -> int:
    """Edits allowed for a word of this length: none under 4 letters, 1 up to 7, 2 beyond."""
    return 0 if len(word) < 4 else 1 if len(word) <= 7 else 2


def normal(word: str) -> str:
    return fold(word.lower())


@dataclass(frozen=True)
class Near:
    word: str
    edits: int
    articles: int


def near_words(catalog: Catalog, word: str, edits: int, heads: bool = False) -> list[Near]:
    """Corpus words within ``edits`` (optimal string alignment: a swap of neighbours is one
    edit) of ``word``, other than itself: nearest first, then the most used. Only words with
    its first letter, as Whoosh's fuzzy terms; with ``heads``, also those one edit away at
    the start (``Catalog.words_near``)."""
    word = normal(word)
    if edits <= 0 or len(word) > MAX_WORD or not _LETTERS.fullmatch(word):
        return []
    candidates = catalog.words_near(word, edits, heads)
    if not candidates:
        return []
    found = process.extract(
        word,
        [w for w, _ in candidates],
        scorer=OSA.distance,
        score_cutoff=edits,
        limit=None,
    )
    near = [Near(w, int(d), candidates[i][1]) for w, d, i in found if w != word]
    near.sort(key=lambda n: (n.edits, -n.articles, n.word))
    return near


def fuzzy_words(catalog: Catalog, word: str, asked: int | None) -> tuple[list[str], str]:
    """The words ``word~`` (or ``word~N``) stands for, and a note when it was narrowed."""
    word = normal(word)
    allowed = max_edits(word)
    edits = allowed if asked is None else min(asked, allowed)
    note = ""
    if asked is not None and asked > allowed:
        note = f"{word}~{asked}: at most {allowed} edits for a word of {len(word)} letters"
    if allowed == 0:
        note = f"{word}~: words under 4 letters are matched exactly"
    words = [n.word for n in near_words(catalog, word, edits)[:FUZZY_CAP]]
    return ([word] if catalog.word_articles([word]) or not words else []) + words, note


def wildcard_words(catalog: Catalog, pattern: str) -> tuple[list[str], int]:
    """The most used corpus words matching ``pattern`` (``*`` and ``?``), and how many match.

    The caller makes sure the pattern starts with at least two letters.
    """
    pattern = normal(pattern)
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    rows = catalog.words_starting(prefix)
    if pattern != prefix + "*":
        matches = re.compile(translate(pattern)).match
        rows = [(w, n) for w, n in rows if matches(w)]
    rows.sort(key=lambda r: (-r[1], r[0]))
    return [w for w, _ in rows[:WILDCARD_CAP]], len(rows)


def suggest_word(catalog: Catalog, word: str, known: int) -> str:
    """A better-attested spelling of ``word`` (used in ``known`` articles), or "".

    The edits allowed follow the longer of the typed word and the suggestion, since a
    misspelling is often shorter than its word ("comitee" for "committee"). For a word the
    corpus does not have, a word starting otherwise is a candidate too ("obvious" for
    "abvious" or "bovious"), an edit further than it is: the first letter is the one a
    writer gets wrong least, and a rare name is not to be offered a common word for it.
    """
    word = normal(word)
    if max_edits(word) == 0:
        return ""
    fits = [
        near
        for near in near_words(catalog, word, 2, heads=not known)
        if near.edits <= max_edits(max(word, near.word, key=len)) and near.articles > known * 2
    ]

    # Nearest first, but a word ten times as used may be one edit further.
    def cost(near: Near) -> tuple[float, str]:
        edits = near.edits + (FIRST_LETTER if near.word[:1] != word[:1] else 0)
        return edits - FREQUENCY_WEIGHT * math.log10(near.articles), near.word

    fits.sort(key=cost)
    return fits[0].word if fits else ""
