"""Searching the index: query language, results as plain data, snippets, "did you mean".

Query language (Whoosh's, with these fields): words are ANDed; ``OR``, ``NOT``, ``( )``,
``"exact phrase"``, ``wild*``, ``fuzzy~`` (``~2`` for two edits), ``field:value`` for
title, body, source, tag, entity and see_also, and ``date:2024``, ``date:[2024-01 to 2024-06]``,
``date:>2023``. One searcher stays open and is refreshed only when the index changed.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.searching import Results
from whoosh.searching import Searcher as WhooshSearcher

from index.model import Hit, SearchResult
from index.store.catalog import Catalog
from index.store.schema import analyzer
from index.store.store import Store

MAX_QUERY = 1000  # characters; a longer query is cut, and the result says so
MAX_TERMS = 64
SNIPPET = 220  # characters of context around the best match
FIELDS = ("title", "body", "source", "tag", "tags", "entity", "see_also", "date", "id")
_FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)")


class Searcher:
    """Search one open Store. Not shared between threads: make one per thread."""

    def __init__(self, store: Store) -> None:
        assert store.ix is not None and store.catalog is not None
        self.store = store
        self._searcher: WhooshSearcher | None = None
        self._lock = threading.Lock()
        self.parser = MultifieldParser(["title", "body"], store.ix.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.parser.add_plugin(GtLtPlugin())
        self.parser.add_plugin(DateParserPlugin())
        self.parser.add_plugin(FieldAliasPlugin({"tags": ["tag"], "entity": ["entities"]}))

    @property
    def catalog(self) -> Catalog:
        assert self.store.catalog is not None
        return self.store.catalog

    def _current(self) -> WhooshSearcher:
        """The open searcher, refreshed if the index has changed since it was opened."""
        assert self.store.ix is not None
        if self._searcher is None:
            self._searcher = self.store.ix.searcher()
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
        return self._searcher

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def search(self, text: str, limit: int = 10, snippets: int = 20) -> SearchResult:
        """Run a query; never raises for a bad query, the result's ``error`` says what was wrong."""
        notes = []
        if len(text) > MAX_QUERY:
            notes.append(f"query cut to its first {MAX_QUERY} characters")
            text = text[:MAX_QUERY]
        unknown = sorted({m.group(1) for m in _FIELD_REF.finditer(text)} - set(FIELDS))
        if unknown:
            notes.append(
                f"no field named {', '.join(unknown)}; searched as words"
                f" (fields: title, body, source, tag, entity, see_also, date)"
            )
        if not text.strip():
            return SearchResult(text, (), 0, error="empty query")
        try:
            parsed = self.parser.parse(text)
        except Exception as error:  # noqa: BLE001 - the parser's errors are not typed
            return SearchResult(text, (), 0, error=f"cannot understand the query: {error}")
        problem = _check(parsed)
        if problem:
            return SearchResult(text, (), 0, error=problem)
        if parsed is wq.NullQuery:
            return SearchResult(text, (), 0, error="; ".join(notes + ["nothing to search for"]))
        with self._lock:
            try:
                searcher = self._current()
                results = searcher.search(parsed, limit=max(1, limit))
                total = _total(results, limit)
                terms = _body_terms(parsed, searcher)
                found = [(hit["id"], hit.score) for hit in results]
            except Exception as error:  # noqa: BLE001 - a damaged index must not crash a search
                self.close()
                reason = f"{type(error).__name__}: {error}"[:120]
                return SearchResult(
                    text,
                    (),
                    0,
                    error=f"the index is damaged ({reason}); run: storyline index --rebuild",
                )
            hits = [
                self._hit(article_id, score, terms if rank < snippets else None)
                for rank, (article_id, score) in enumerate(found)
            ]
            suggestion = self._suggest(searcher, parsed, text) if total < 3 else ""
        return SearchResult(
            text,
            tuple(h for h in hits if h is not None),
            total,
            suggestion=suggestion,
            error="; ".join(notes),
            terms=tuple(sorted(terms)),
        )

    def _hit(self, article_id: str, score: float, terms: set[str] | None) -> Hit | None:
        article = self.catalog.article(article_id)
        if article is None:
            return None
        snippet, spans = make_snippet(article.body, terms) if terms is not None else ("", ())
        return Hit(article.id, article.title, score, snippet, spans, article.date, article.source)

    def _suggest(self, searcher: WhooshSearcher, parsed: wq.Query, text: str) -> str:
        try:
            corrected = searcher.correct_query(parsed, text, maxdist=2)
        except Exception:  # noqa: BLE001 - a suggestion is a nicety, never an error
            return ""
        if corrected.query == parsed or corrected.string.lower() == text.lower():
            return ""
        # Only worth offering when the corrected query finds more than the one typed.
        if len(searcher.search(corrected.query, limit=1)) <= len(searcher.search(parsed, limit=1)):
            return ""
        return str(corrected.string)


def _check(parsed: wq.Query) -> str:
    """Refuse queries that would expand to most of the vocabulary."""
    count = 0
    for node in parsed.leaves():
        count += 1
        if isinstance(node, wq.Wildcard | wq.Prefix):
            literal = re.split(r"[*?]", str(node.text), maxsplit=1)[0]
            if len(literal) < 2 and not isinstance(node, wq.Every):
                return "a wildcard needs at least two letters before * or ?"
    if count > MAX_TERMS * 2:  # each word is looked for in title and body
        return f"too many words: at most {MAX_TERMS}"
    return ""


def _total(results: Results, limit: int) -> int:
    """How many articles match: exact when all were scored, else Whoosh's estimate.

    An exact count would run the query a second time over every match, which doubled the
    cost of common-word queries at 10k articles (benchmarks/run.py).
    """
    scored = results.scored_length()
    return scored if scored < limit else max(scored, results.estimated_length())


def _body_terms(parsed: wq.Query, searcher: WhooshSearcher) -> set[str]:
    """The analysed body/title terms a hit can match, for highlighting.

    Taken from the query (wild and fuzzy words expanded against the index, negated words
    left out) rather than from ``terms=True`` matching, which slowed every search.
    """
    reader = searcher.reader()
    terms: set[str] = set()

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)
            return
        if isinstance(node, wq.MultiTerm):
            found = node.expanded_terms(reader)
        else:
            found = node.iter_all_terms(phrases=True)
        for field, value in found:
            if field in ("body", "title"):
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))

    walk(parsed)
    return terms


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
    for match in pattern.finditer(text):
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
