"""Key-term counting: an article's body words as related-stories scoring counts them.

Lower-cased words, Whoosh's stop words and the ``NEWS_STOP`` glue of news prose out,
stemmed as the full-text index stems them. Counted where an article is read (the
``pipeline`` workers, for a full links build) and again by ``links`` for a small update.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from index.corpus.encoded import blank_encoded
from index.store.schema import tokens

# Words that say nothing about a story, beyond Whoosh's stop words: reporting verbs, pronouns,
# days and months, and the glue of news prose. Never key terms.
_NEWS_STOP_TEXT = """
    said says say told tells according added reported reports report also would could should
    his her hers him she he their theirs them they its our ours your yours who whom whose which
    what when where while into onto over under after before since about than then there here
    been being were was has had have having did does doing done just only more most some such
    other others another many much very said monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december week weeks month months year years day days today yesterday tomorrow time times
    last first next new one two three four five six seven eight nine ten per cent percent
    mr mrs ms dr people made make makes going come came get got take took told asked would
"""
NEWS_STOP = frozenset(_NEWS_STOP_TEXT.split())


# An article's text fingerprint (``text_hash``), key-term counts and the word shown for each
# (``term_counts``): what a worker hands over for the links build.
Counted = tuple[str, dict[str, int], dict[str, str]]


def count(paragraphs: Sequence[str]) -> Counted:
    """``text_hash`` and ``term_counts`` of an article's body paragraphs."""
    return (text_hash(paragraphs), *term_counts("\n\n".join(paragraphs)))


def text_hash(paragraphs: Iterable[str]) -> str:
    """Fingerprint of the text with case and spacing normalised: equal for exact duplicates."""
    text = " ".join(" ".join(paragraphs).casefold().split())
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


_TERMS: dict[str, str] = {}  # word -> its stem, or "" for a word that is never a term


def key_term(word: str) -> str:
    """The index term of a lower-case word (Whoosh's stop words, length and stemming), or ""
    for a word that makes no key term."""
    term = _TERMS.get(word)
    if term is None:
        skip = len(word) < 3 or word in STOP_WORDS or word in NEWS_STOP or word.isdigit()
        term = "" if skip else str(porter_stem(word))
        if len(_TERMS) < 500_000:
            _TERMS[word] = term
    return term


def term_counts(text: str) -> tuple[dict[str, int], dict[str, str]]:
    """Stemmed body terms with counts, as Whoosh's StemmingAnalyzer makes them, and for each
    stem its most frequent surface word (for showing to a reader) where that word is not
    the stem itself (``surface.get(term, term)``: half the dict, pickled and spooled less).
    Encoded data (``encoded``) is not read: its letter runs are no terms."""
    text = blank_encoded(text)
    counts: dict[str, int] = {}
    surface: dict[str, str] = {}
    best: dict[str, int] = {}
    for word, n in Counter(tokens(text.lower())).items():
        term = _TERMS.get(word)
        if term is None:
            term = key_term(word)
        if not term:
            continue
        counts[term] = counts.get(term, 0) + n
        if n > best.get(term, 0):
            best[term] = n
            surface[term] = word
    return counts, {term: word for term, word in surface.items() if word != term}
