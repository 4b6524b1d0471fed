"""The Whoosh schema: which fields are indexed and how their text is analysed.

Whoosh types stay inside ``index/``; the rest of the code sees plain data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from whoosh import fields
from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StandardAnalyzer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import Analyzer
from whoosh.formats import Format, Positions
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

from index.corpus.encoded import blank_encoded
from index.model import Article

# whoosh-reloaded 2.7.5 changed the default token pattern to keep "*" inside tokens
# (reloaded PR #11); this is 2.7.4's pattern, so "summit*" indexes as "summit".
TOKENS = r"\w+(\.?\w+)*"
MAX_WORD = 40  # longer "words" are not offered as spellings


# Accents folded to their base letters ("Zürich" is indexed and searched as "zurich").
_FOLD: dict[int, str] = {code: str(value) for code, value in accent_map.items() if value}
# The same folding one letter for one letter, so offsets in a folded text stay valid.
_FOLD_SAME_LENGTH = {code: value for code, value in _FOLD.items() if len(value) == 1}
_WORD = re.compile(r"[^\W\d_]{2,}")
_ASCII_WORD = re.compile("[A-Za-z]{2,}")  # ``_WORD`` in an ASCII text: half the time


def fold(text: str) -> str:
    """``text`` with accents folded (lower case is the caller's business)."""
    return _fold(text, _FOLD)


def fold_same_length(text: str) -> str:
    """Accents folded where a letter folds to one letter: offsets are unchanged."""
    return _fold(text, _FOLD_SAME_LENGTH)


def _fold(text: str, table: dict[int, str]) -> str:
    # str.translate walks a non-ASCII text a character at a time through the table (0.4 ms
    # for a 4 KB article); replacing each distinct foldable letter is a few C passes.
    if text.isascii():
        return text
    for char in set(text):
        folded = table.get(ord(char))
        if folded is not None:
            text = text.replace(char, folded)
    return text


class FoldFilter(Filter):
    """Fold accents in each token (ASCII tokens pass through untouched, which is most)."""

    def __call__(self, tokens):  # type: ignore[no-untyped-def]
        for token in tokens:
            if not token.text.isascii():
                token.text = token.text.translate(_FOLD)
            yield token


def analyzer() -> Analyzer:
    """Words, lower-cased, accents folded, stop words out, stemmed (index and query alike)."""
    return (
        RegexTokenizer(expression=TOKENS)
        | LowercaseFilter()
        | FoldFilter()
        | StopFilter()
        | StemFilter(cachesize=50_000)
    )


def article_words(article: Article) -> set[str]:
    """The surface words of an article's title and text, its encoded data left out
    (``encoded``): what an article adds to the corpus's words (``words_of``)."""
    return words_of(blank_encoded(article.title + "\n" + article.body))


def words_of(text: str) -> set[str]:
    """The distinct surface words of ``text`` (letters only, lower case, folded, 2-40 long):
    what fuzzy search and "did you mean" choose from, so they never offer a stem."""
    folded = fold(text.lower())
    found = set((_ASCII_WORD if folded.isascii() else _WORD).findall(folded))
    found.difference_update([w for w in found if len(w) > MAX_WORD])  # the distinct words
    return found


Columns = tuple[tuple[bytes, ...], tuple[int, ...], tuple[float, ...], tuple[bytes, ...]]


class Analyzed(tuple):
    """A field's postings as ``Text.index`` yields them, worked out where the article was
    read (a worker process), so the single writer only files them. Held as four columns
    (terms, frequencies, weights, encoded positions), not a tuple per posting: a third
    less to pickle and unpickle on the way to the writer, which files them by column."""

    @property
    def terms(self) -> tuple[bytes, ...]:
        return self[0]


class Text(fields.TEXT):
    """A text field that also takes its value already analysed (``Analyzed``)."""

    def index(self, value, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(value, Analyzed):
            return zip(*value, strict=True)
        return super().index(value, **kwargs)


ANALYZED = ("title", "body", "see_also")  # the fields a worker analyses (the costly ones)


def schema() -> fields.Schema:
    stem = analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        title=Text(analyzer=stem, field_boost=2.0),
        body=Text(analyzer=stem, phrase=True),
        date=fields.DATETIME(),
        source=fields.TEXT(analyzer=StandardAnalyzer(expression=TOKENS, stoplist=None)),
        tags=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        see_also=Text(analyzer=stem),
        entity=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
    )


_SCHEMA: list[fields.Schema] = []  # this process's schema, for analysing documents


def analysed(doc: dict[str, object]) -> dict[str, object]:
    """``doc`` (from ``document``) with its costly fields analysed (``Analyzed``)."""
    if not _SCHEMA:
        _SCHEMA.append(schema())
    found = dict(doc)
    for name in ANALYZED:
        value = doc.get(name)
        if isinstance(value, str) and value:
            found[name] = Analyzed(columns(value, _SCHEMA[0][name].format))
    return found


_MATCHES = re.compile(TOKENS.replace("(", "(?:"))  # the tokenizer's matches, for findall
# The same for an ASCII text, where ``\w`` is [A-Za-z0-9_] either way and the ASCII flag's
# table lookup is cheaper than Unicode's (a quarter off a findall of news text).
_MATCHES_ASCII = re.compile(_MATCHES.pattern, re.ASCII)
_TERMS: dict[str, bytes] = {}  # a word as written -> its term (UTF-8), b"" for a stop word


def tokens(text: str) -> list[str]:
    """The words the tokenizer (``TOKENS``) finds in ``text``, in order."""
    return (_MATCHES_ASCII if text.isascii() else _MATCHES).findall(text)


def postings(text: str, form: Format) -> list[tuple[bytes, int, float, bytes]]:
    """What ``Text.index(text)`` yields for a field of the ``analyzer()`` chain and
    positions ``form``, in its order: the rows of ``columns``."""
    return list(zip(*columns(text, form), strict=True))


def columns(text: str, form: Format) -> Columns:
    """``postings`` by column (``Analyzed``), worked out in one pass with each distinct
    word's term remembered: the chain of generators costs ~1 microsecond a filter a token,
    a third of an article's preparing. ``tests/test_store.py`` holds the two equal."""
    places: dict[bytes, list[int]] = {}
    place = None
    terms = _TERMS
    for k, word in enumerate(tokens(text)):
        term = terms.get(word)
        if term is None:
            term = _term(word)
        if term:
            # StopFilter(renumber=True): the first word kept keeps its place, then one each.
            place = k if place is None else place + 1
            found = places.get(term)
            if found is None:
                places[term] = [place]
            else:
                found.append(place)
    boost = form.field_boost
    freqs = tuple(map(len, places.values()))
    weights = tuple(float(n) * boost for n in freqs)
    return tuple(places), freqs, weights, _encoded(form, places.values())


_ONE_PLACE: dict[int, bytes] = {}  # a place -> ``Positions().encode([place])``


def _encoded(form: Format, places: Iterable[list[int]]) -> tuple[bytes, ...]:
    """``form.encode`` of each term's places; for ``Positions``, a term found once (most
    of an article's) takes its bytes from a table of the single places seen before."""
    if type(form) is not Positions:
        return tuple(map(form.encode, places))
    one, encode = _ONE_PLACE, form.encode
    out = []
    for found in places:
        if len(found) == 1:
            code = one.get(found[0])
            if code is None:
                code = encode(found)
                if len(one) < 100_000:
                    one[found[0]] = code
            out.append(code)
        else:
            out.append(encode(found))
    return tuple(out)


def _term(word: str) -> bytes:
    low = word.lower()
    if not low.isascii():
        low = low.translate(_FOLD)
    term = b"" if len(low) < 2 or low in STOP_WORDS else stem(low).encode("utf-8")
    if len(_TERMS) < 200_000:
        _TERMS[word] = term
    return term


def document(article: Article | None, entity_names: Sequence[str]) -> dict[str, object]:
    """The fields Whoosh indexes for one article (nothing is stored but the id)."""
    assert article is not None
    doc: dict[str, object] = {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "tags": ",".join(article.tags),
        "see_also": "\n".join(article.see_also),
        "entity": ",".join(entity_names),
    }
    if article.date:
        doc["date"] = datetime(article.date.year, article.date.month, article.date.day)
    return doc
