"""Searching the index: query language, results as plain data, snippets, "did you mean".

Query language (Whoosh's, with these fields): words are ANDed; ``OR``, ``NOT``, ``( )``,
``"exact phrase"``, ``wild*``, ``fuzzy~`` (``~2`` for two edits), ``field:value`` for
title, body, source, tag, entity and see_also, and ``date:2024``, ``date:[2024-01 to 2024-06]``,
``date:>2023``. One searcher stays open and is refreshed only when the index changed.

Every query costs little whatever it asks for: fuzzy words and wildcards are replaced, once,
by the few real corpus words they stand for (``index.store.spelling``) before Whoosh sees the
query; long, deep or many-worded queries are cut or refused with a message; and the count of
matches stops after ``EXACT_COUNT`` articles and is estimated beyond (``approximate``).
"""

from __future__ import annotations

import re
import threading
import time
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TopCollector, WrappingCollector
from whoosh.qparser import FieldAliasPlugin, GtLtPlugin, MultifieldParser
from whoosh.qparser.dateparse import DateParserPlugin
from whoosh.reading import TermNotFound
from whoosh.searching import Results, TimeLimit
from whoosh.searching import Searcher as WhooshSearcher

from index.model import Hit, SearchResult
from index.store import spelling
from index.store.catalog import Catalog
from index.store.highlight import make_snippet
from index.store.schema import MAX_WORD, analyzer
from index.store.store import Store

MAX_QUERY = 1000  # characters; a longer query is cut, and the result says so
MAX_WORDS = 64  # words and phrases in one query, before wildcards and fuzzy words expand
MAX_DEPTH = 16  # brackets inside brackets
TIME_LIMIT = 0.8  # seconds a search may score for; then the best found so far
SCORE_ALL = 1000  # likely matches up to which every match is scored and counted
EXACT_COUNT = 500  # matches counted one by one; past this the total is estimated
SLICES = 10  # stretches of the document numbers an estimate samples (``_estimate``)
NOWHERE = "zqxjv0"  # a word no article has (checked before it stands in for one)
FIELDS = ("title", "body", "source", "tag", "tags", "entity", "see_also", "date", "id")
TEXT_FIELDS = ("", "title", "body")  # where wildcards and fuzzy words expand to corpus words
_FIELD_REF = re.compile(r"(?<![\w\"])([A-Za-z_]\w*):(?=\S)")
# A quoted phrase (with its ~slop), or one run of non-space, non-bracket characters.
_PIECE = re.compile(r'"[^"]*"(?:~\d*)?|[^\s()"]+')
_FUZZY = re.compile(r"(\w+)~(\d*)")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


class QueryProblem(Exception):
    """A query that cannot be run; the message says why, in the user's terms."""


class Searcher:
    """Search one open Store. Not shared between threads: make one per thread."""

    def __init__(self, store: Store) -> None:
        assert store.ix is not None and store.catalog is not None
        self.store = store
        self._searcher: WhooshSearcher | None = None
        self._lock = threading.Lock()
        self.parser, self.date_parser = _parser(store, False), _parser(store, True)

    @property
    def catalog(self) -> Catalog:
        assert self.store.catalog is not None
        return self.store.catalog

    def _current(self) -> WhooshSearcher:
        """The open searcher, refreshed if the index has changed since it was opened."""
        if self.store.swapped():  # a rebuild swapped a new index in: answer from it now
            self.close()
            self.store.reopen()
            self.parser, self.date_parser = _parser(self.store, False), _parser(self.store, True)
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
        """Run a query; never raises for a bad query, the result's ``error`` says what was wrong.

        ``limit`` 0 counts without returning hits. ``notes`` tell what was changed in a query
        that ran; ``error`` (with no hits) why one could not run.
        """
        if limit < 0:
            return SearchResult(text, (), 0, error=f"the limit must be 0 or more, not {limit}")
        notes: list[str] = []
        try:
            parsed = self._parse(text, notes)
        except QueryProblem as problem:
            return SearchResult(text, (), 0, error=str(problem), notes=tuple(notes))
        with self._lock:
            try:
                searcher = self._current()
                results, finished, counted = _top(searcher, parsed, max(1, limit))
                if not finished:
                    notes.append(
                        f"stopped after {TIME_LIMIT:g} s: the best of the articles looked at"
                        " so far, and an estimated count"
                    )
                found = [(hit["id"], hit.score) for hit in results] if limit else []
                if counted is not None:
                    total, approximate = counted, False
                else:
                    scored = results.scored_length() if finished else max(1, limit)
                    total, approximate = _count(searcher, parsed, scored, max(1, limit))
                terms = _body_terms(parsed)
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
            suggestion = self._suggest(text) if total < 3 else ""
        return SearchResult(
            text,
            tuple(h for h in hits if h is not None),
            total,
            suggestion=suggestion,
            terms=tuple(sorted(terms)),
            notes=tuple(notes),
            approximate=approximate,
        )

    def _parse(self, text: str, notes: list[str]) -> wq.Query:
        """The query to run, or QueryProblem; what was changed on the way goes in ``notes``."""
        if len(text) > MAX_QUERY:
            notes.append(f"query cut to its first {MAX_QUERY} characters")
            text = text[:MAX_QUERY]
        if not text.strip():
            raise QueryProblem("empty query")
        text = _check_shape(text, notes)
        unknown = sorted({m.group(1) for m in _FIELD_REF.finditer(text)} - set(FIELDS))
        if unknown:
            notes.append(
                f"no field named {', '.join(unknown)}; searched as words"
                " (fields: title, body, source, tag, entity, see_also, date)"
            )
        expanded = _PIECE.sub(lambda m: self._expand(m.group(), notes), text)
        try:
            # Whoosh's date and comparison plugins cost more than the rest of the parse.
            dates = "date:" in expanded or "<" in expanded or ">" in expanded
            parsed = (self.date_parser if dates else self.parser).parse(expanded)
        except Exception as error:  # noqa: BLE001 - the parser's errors are not typed
            raise QueryProblem(f"cannot understand the query: {error}") from error
        _check_dates(text, parsed)
        if parsed is wq.NullQuery:
            raise QueryProblem("nothing to search for: only common words like 'the' or 'of'")
        return parsed

    def _expand(self, piece: str, notes: list[str]) -> str:
        """One piece of the query, with a fuzzy word or wildcard replaced by real words."""
        if piece.startswith('"'):
            return piece
        field, colon, word = piece.rpartition(":")
        if field and field not in FIELDS and re.fullmatch(r"[A-Za-z_]\w*", field):
            field, colon = "", ""  # an unknown field: its value is searched as words
        prefix = field + colon
        if field not in TEXT_FIELDS or not word:
            if "*" in word or "?" in word:
                _check_wildcard(word)
            return prefix + word
        if "*" in word or "?" in word:
            _check_wildcard(word)
            words, matching = spelling.wildcard_words(self.catalog, word)
            if matching > len(words):
                notes.append(
                    f"{word} matches {matching:,} words; searched the {len(words)} most used"
                )
            return prefix + (_any_of(words) if words else word)
        fuzzy = _FUZZY.fullmatch(word)
        if fuzzy:
            asked = int(fuzzy.group(2)) if fuzzy.group(2) else None
            words, note = spelling.fuzzy_words(self.catalog, fuzzy.group(1), asked)
            if note:
                notes.append(note)
            return prefix + _any_of(words)
        if len(word) > MAX_WORD and self._absent(word):
            # Whoosh's parser tries every tagger at every character: 30 ms for a 1,000-letter
            # word. The term list says at once that the word is nowhere, so search for a short
            # word that is nowhere either.
            return prefix + NOWHERE
        return prefix + word

    def _absent(self, word: str) -> bool:
        """Whether neither ``word``'s analysed form nor ``NOWHERE`` is in title or body."""
        terms = [t.text for t in analyzer()(word)]
        with self._lock:
            reader = self._current().reader()
            return all(
                not reader.doc_frequency(field, term)
                for field in ("title", "body")
                for term in terms + [NOWHERE]
            )

    def _hit(self, article_id: str, score: float, terms: set[str] | None) -> Hit | None:
        article = self.catalog.article(article_id)
        if article is None:
            return None
        snippet, spans = make_snippet(article.body, terms) if terms is not None else ("", ())
        return Hit(article.id, article.title, score, snippet, spans, article.date, article.source)

    def _suggest(self, text: str) -> str:
        """The query with each rare or unknown word replaced by a better-attested corpus
        word within a few edits, or "" when no word has one."""
        pieces = [
            m for m in re.finditer(r"(?<![\w:*?~])[^\W\d_]{4,}(?![\w:*?~])", text[:MAX_QUERY])
        ]
        words = [m.group() for m in pieces if m.group() not in _OPERATORS]
        if not words or len(words) > MAX_WORDS:
            return ""
        known = self.catalog.word_articles(spelling.normal(w) for w in words)
        out, last, changed = [], 0, False
        for match in pieces:
            word = match.group()
            if word in _OPERATORS or len(word) > MAX_WORD:
                continue
            better = spelling.suggest_word(self.catalog, word, known.get(spelling.normal(word), 0))
            if better:
                out += [text[last : match.start()], better]
                last, changed = match.end(), True
        return "".join(out + [text[last:]]) if changed else ""


def _parser(store: Store, dates: bool) -> MultifieldParser:
    assert store.ix is not None
    parser = MultifieldParser(["title", "body"], store.ix.schema)
    if dates:
        parser.add_plugin(GtLtPlugin())
        parser.add_plugin(DateParserPlugin())
    parser.add_plugin(FieldAliasPlugin({"tags": ["tag"], "entity": ["entities"]}))
    return parser


def _any_of(words: list[str]) -> str:
    return words[0] if len(words) == 1 else "(" + " OR ".join(words) + ")"


def _check_shape(text: str, notes: list[str]) -> str:
    """The query cut to ``MAX_WORDS`` words; QueryProblem if nested too deep to answer."""
    depth = deepest = 0
    for char in re.sub(r'"[^"]*"', "", text):
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth = max(0, depth - 1)
    if deepest > MAX_DEPTH:
        raise QueryProblem(f"brackets nested {deepest} deep; at most {MAX_DEPTH}")
    words = [m for m in _PIECE.finditer(text) if m.group() not in _OPERATORS]
    if len(words) > MAX_WORDS:
        notes.append(f"query cut to its first {MAX_WORDS} words (it had {len(words)})")
        text = text[: words[MAX_WORDS - 1].end()]
    return text


def _check_wildcard(word: str) -> None:
    literal = re.split(r"[*?]", word, maxsplit=1)[0]
    if len(literal) < 2:
        raise QueryProblem(f"{word}: a wildcard needs at least two letters before * or ?")


def _check_dates(text: str, parsed: wq.Query) -> None:
    """Every ``date:`` in the query must have become a date range (Whoosh drops the rest)."""
    asked = re.findall(r'(?<![\w"])date:(\[[^\]]*\]|\S+)', text)
    understood = sum(1 for leaf in parsed.leaves() if getattr(leaf, "fieldname", "") == "date")
    if len(asked) > understood:
        raise QueryProblem(
            f"cannot read the date in {', '.join('date:' + a for a in asked)}"
            " (try date:2024, date:2024-03, date:>2023 or date:[2024-01 to 2024-06])"
        )


class _Deadline(WrappingCollector):
    """Counts what it collects, and stops at a deadline (checked every 64 matches; no timer
    thread to start, which cost more than a small search)."""

    def __init__(self, child: Any, seconds: float) -> None:
        super().__init__(child)
        self.deadline = time.perf_counter() + seconds
        self.collected = 0

    def collect_matches(self) -> None:
        child = self.child
        for sub_docnum in child.matches():
            self.collected += 1
            if not self.collected % 64 and time.perf_counter() > self.deadline:
                raise TimeLimit
            child.collect(sub_docnum)


def _top(
    searcher: WhooshSearcher, parsed: wq.Query, limit: int
) -> tuple[Results, bool, int | None]:
    """The top ``limit`` matches; False if the time limit stopped the search early; and the
    exact number of matches when it was cheap to count them on the way.

    Up to ``SCORE_ALL`` likely matches, every match is scored (Whoosh's skipping of blocks
    that cannot reach the top off), which measured about as fast as skipping at that size and
    counts exactly. Beyond, Whoosh skips and ``_count`` counts.
    """
    everything = parsed.estimate_size(searcher.reader()) <= SCORE_ALL
    collector = TopCollector(limit, usequality=not everything)
    if everything:
        collector.replace = 0  # no swapping in a cheaper matcher that may skip matches
    timed = _Deadline(collector, TIME_LIMIT)
    try:
        searcher.search_with_collector(parsed, timed)
    except TimeLimit:
        return timed.results(), False, None
    return timed.results(), True, timed.collected if everything else None


def _count(searcher: WhooshSearcher, parsed: wq.Query, scored: int, limit: int) -> tuple[int, bool]:
    """(articles matching, whether that is an estimate), when the search did not count them.

    Fewer scored than the limit means every match was scored. Otherwise the matches are
    counted one by one (no scoring) up to ``EXACT_COUNT``; past that, estimated
    (``_estimate``).
    """
    if scored < limit:
        return scored, False
    seen = 0
    for _docnum in searcher.docs_for_query(parsed):
        seen += 1
        if seen >= EXACT_COUNT:
            return max(seen, _estimate(searcher, parsed)), True
    return seen, False


def _estimate(searcher: WhooshSearcher, parsed: wq.Query) -> int:
    """The matches, estimated from the first few in each of ``SLICES`` stretches of every
    segment's document numbers. Articles are filed in the corpus's order (folder by folder,
    date by date), so the first matches alone are no fair sample of the rest: scaled by the
    share of the numbers they covered, 500 matches of 20 Newsgroups posts said 794 where
    915 match."""
    per_slice = max(1, EXACT_COUNT // SLICES)
    total = 0.0
    for leaf, _offset in searcher.leaf_searchers():
        size = leaf.doc_count_all()
        try:
            matcher = parsed.matcher(leaf)
        except TermNotFound:
            continue
        bounds = [size * k // SLICES for k in range(SLICES + 1)]
        for first, end in zip(bounds, bounds[1:], strict=False):
            if first >= end:
                continue
            if matcher.is_active() and matcher.id() < first:
                matcher.skip_to(first)
            counted = last = 0
            while matcher.is_active() and matcher.id() < end and counted < per_slice:
                counted, last = counted + 1, matcher.id()
                matcher.next()
            if counted == per_slice and matcher.is_active() and matcher.id() < end:
                total += counted * (end - first) / (last - first + 1)  # the stretch goes on
            else:
                total += counted  # every match of the stretch
    return round(total)


def _body_terms(parsed: wq.Query) -> set[str]:
    """The analysed body/title terms a hit can match, for highlighting (negated words left
    out; wildcards and fuzzy words were already replaced by plain words)."""
    terms: set[str] = set()

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if not node.is_leaf():
            for child in node.children():
                walk(child)
            return
        if isinstance(node, wq.MultiTerm):
            return
        for field, value in node.iter_all_terms(phrases=True):
            if field in ("body", "title"):
                terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))

    walk(parsed)
    return terms
