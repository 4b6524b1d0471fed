"""Search steps beside plain Whoosh: speed, counts checked by brute force, "did you mean".

- ``search_naive``: the same query set on the naive Whoosh index (``cold_naive``), the way a
  plain Whoosh program runs it: ``MultifieldParser`` over title and body with fuzzy terms,
  top 10, their ids. The baseline storyline's search must stay near.
- ``search_counts``: every query's ``total`` from storyline beside a brute-force count: each
  article's title and body analysed with storyline's own analyzer and the parsed query
  evaluated over those terms in Python. The baseline is Whoosh's own figure at the same
  limit (``Results.estimated_length``, what storyline showed before).
- ``spelling``: the misspellings of ``benchmarks/misspellings.tsv`` whose correction is a
  word of the corpus; right when "did you mean" offers exactly the correction. The baseline
  is Whoosh's ``Searcher.correct_query`` on the naive index.
- ``bad_queries``: the hostile queries of issue 11 (10,000 characters, 1,000 ORs, ``*``,
  ``~9``, brackets 500 deep, only stop words, a 1,000-letter word), each timed once warm
  and its outcome kept (an error, the notes, the total), beside plain Whoosh running the
  same strings on the naive index (an exception is its outcome).
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_queries import build_queries
from benchmarks.bench_steps import Context, _latencies, _search_result, _store, median, p95

Result = dict[str, Any]
MISSPELLINGS = Path(__file__).resolve().parent / "misspellings.tsv"


def _naive_parser(ix: Any) -> Any:
    from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

    parser = MultifieldParser(["title", "body"], ix.schema)
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def search_naive(ctx: Context) -> Result:
    """Plain Whoosh on the naive index: parse, top 10, their ids."""
    from whoosh import index

    queries = build_queries(ctx.corpus)
    ix = index.open_dir(str(ctx.naive))
    parser = _naive_parser(ix)
    searcher = ix.searcher()

    def run(text: str) -> int:
        results = searcher.search(parser.parse(text), limit=10)
        return len([hit["id"] for hit in results])

    samples, per_query = _latencies(run, [q.whoosh for q in queries], 3 if ctx.quick else 5)
    searcher.close()
    with ix.searcher() as s:
        segments = len(s.reader().leaf_readers())
    ix.close()
    out = _search_result(queries, samples, per_query, "whoosh")
    out["segments"] = segments
    return out


# -- counts ------------------------------------------------------------------------------------


def _brute_force(store: Any) -> Callable[[Any], int | None]:
    """A counter of the articles a parsed query matches, by evaluating it over every
    article's analysed terms (None for a query it cannot evaluate)."""
    from whoosh import query as wq

    from index.store.schema import analyzer

    analyse = analyzer()
    docs = []
    for article in store.catalog.articles():
        title = [t.text for t in analyse(article.title)]
        body = [t.text for t in analyse(article.body)]
        docs.append(({"title": set(title), "body": set(body)}, {"title": title, "body": body}))

    def phrase(tokens: list[str], words: list[str]) -> bool:
        n = len(words)
        return any(tokens[i : i + n] == words for i in range(len(tokens) - n + 1))

    def matches(node: Any, sets: dict[str, set[str]], seqs: dict[str, list[str]]) -> bool:
        if isinstance(node, wq.Term):
            if node.fieldname not in sets:
                raise LookupError(node.fieldname)
            return node.text in sets[node.fieldname]
        if isinstance(node, wq.Phrase):
            if node.fieldname not in seqs:
                raise LookupError(node.fieldname)
            return phrase(seqs[node.fieldname], list(node.words))
        if isinstance(node, wq.And):
            return all(matches(c, sets, seqs) for c in node.subqueries)
        if isinstance(node, wq.Or):
            return any(matches(c, sets, seqs) for c in node.subqueries)
        if isinstance(node, wq.AndNot):
            return matches(node.a, sets, seqs) and not matches(node.b, sets, seqs)
        if isinstance(node, wq.Not):
            return not matches(node.query, sets, seqs)
        raise LookupError(type(node).__name__)

    def count(parsed: Any) -> int | None:
        try:
            return sum(1 for sets, seqs in docs if matches(parsed, sets, seqs))
        except LookupError:
            return None

    return count


def search_counts(ctx: Context) -> Result:
    from whoosh import index

    from index.search import QueryProblem, Searcher

    queries = build_queries(ctx.corpus)
    store = _store(ctx)
    store.open()
    searcher = Searcher(store)
    brute = _brute_force(store)
    ix = index.open_dir(str(ctx.naive))
    parser = _naive_parser(ix)
    rows = []
    with ix.searcher() as naive:
        for q in queries:
            try:
                parsed = searcher._parse(q.whoosh, [])
            except QueryProblem:
                continue
            truth = brute(parsed)
            if truth is None:
                continue
            result = searcher.search(q.whoosh, limit=10)
            whoosh = naive.search(parser.parse(q.whoosh), limit=10)
            rows.append(
                {
                    "query": q.whoosh,
                    "truth": truth,
                    "storyline": result.total,
                    "approximate": result.approximate,
                    "whoosh": whoosh.estimated_length(),
                }
            )
    searcher.close()
    store.close()
    ix.close()

    def right(row: dict, key: str) -> bool:
        if key == "storyline" and row["approximate"]:
            return abs(row[key] - row["truth"]) <= 0.1 * row["truth"]
        return bool(row[key] == row["truth"])

    checked = max(1, len(rows))
    return {
        "checked": len(rows),
        "storyline_right": sum(right(r, "storyline") for r in rows) / checked,
        "exact": sum(not r["approximate"] for r in rows),
        "approximate_within_10pct": sum(r["approximate"] and right(r, "storyline") for r in rows),
        "whoosh_right": sum(right(r, "whoosh") for r in rows) / checked,
        "rows": rows,
    }


# -- "did you mean" ------------------------------------------------------------------------


def _misspellings() -> list[tuple[str, str]]:
    pairs = []
    for line in MISSPELLINGS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            wrong, right = line.split("\t")
            pairs.append((wrong, right))
    return pairs


def spelling(ctx: Context) -> Result:
    """The share of misspellings (of words in this corpus) whose suggestion is the word."""
    from whoosh import index

    from index.search import Searcher

    store = _store(ctx)
    store.open()
    in_corpus = store.catalog.word_articles(right for _, right in _misspellings())
    pairs = [(w, r) for w, r in _misspellings() if r in in_corpus]
    searcher = Searcher(store)
    ix = index.open_dir(str(ctx.naive))
    parser = _naive_parser(ix)
    ours, theirs, our_ms, their_ms, misses = 0, 0, [], [], []
    with ix.searcher() as naive:
        for wrong, right in pairs:
            t0 = time.perf_counter()
            suggestion = searcher.search(wrong, limit=10).suggestion
            our_ms.append((time.perf_counter() - t0) * 1000)
            ours += suggestion == right
            if suggestion != right:
                misses.append([wrong, right, suggestion])
            t0 = time.perf_counter()
            parsed = parser.parse(wrong)
            corrected = naive.correct_query(parsed, wrong, maxdist=2)
            their_ms.append((time.perf_counter() - t0) * 1000)
            theirs += re.sub(r"\s+", " ", corrected.string).strip() == right
    searcher.close()
    store.close()
    ix.close()
    n = max(1, len(pairs))
    return {
        "pairs": len(pairs),
        "of": len(_misspellings()),
        "right": ours / n,
        "whoosh_right": theirs / n,
        "median_ms": median(our_ms),
        "p95_ms": p95(our_ms),
        "whoosh_median_ms": median(their_ms),
        "misses": misses[:40],
    }


# -- hostile queries ----------------------------------------------------------------------------


def _hostile(word: str) -> dict[str, str]:
    return {
        "10,000 characters": (word + " ") * (10_000 // (len(word) + 1)),
        "1,000 ORs": " OR ".join([word] * 1000),
        "star": "*",
        "fuzzy ~9": f"{word}~9",
        "brackets 500 deep": "(" * 500 + word + ")" * 500,
        "stop words": "the of and",
        "1,000-letter word": (word * 1000)[:1000],
    }


def _timed(run: Callable[[], str]) -> tuple[float, str]:
    """Milliseconds of the second of two runs (the first warms caches), and the outcome."""
    run()
    t0 = time.perf_counter()
    outcome = run()
    return (time.perf_counter() - t0) * 1000, outcome


def bad_queries(ctx: Context) -> Result:
    """The hostile queries on storyline's Searcher and on plain Whoosh: the slowest of each."""
    from whoosh import index

    from index.search import Searcher

    word = build_queries(ctx.corpus)[0].whoosh  # the most common word
    queries = _hostile(word)
    store = _store(ctx)
    store.open()
    searcher = Searcher(store)

    def ours(text: str) -> str:
        result = searcher.search(text, limit=10)
        return result.error or f"{result.total} found; " + "; ".join(result.notes)

    mine = {name: _timed(lambda t=text: ours(t)) for name, text in queries.items()}
    searcher.close()
    store.close()
    ix = index.open_dir(str(ctx.naive))
    parser = _naive_parser(ix)
    whoosh = ix.searcher()

    def theirs(text: str) -> str:
        try:
            return f"{len(whoosh.search(parser.parse(text), limit=10))} found"
        except Exception as error:  # noqa: BLE001 - the outcome being measured
            return type(error).__name__

    # Whoosh builds a Levenshtein automaton of distance 9: 25 s on 60 articles, not run.
    naive = {
        name: _timed(lambda t=text: theirs(t)) if name != "fuzzy ~9" else (math.nan, "not run")
        for name, text in queries.items()
    }
    whoosh.close()
    ix.close()
    return {
        "slowest_ms": max(ms for ms, _ in mine.values()),
        "naive_slowest_ms": max(ms for ms, _ in naive.values() if not math.isnan(ms)),
        "per_query": {
            name: {
                "ms": mine[name][0],
                "outcome": mine[name][1][:200],
                "naive_ms": naive[name][0],
                "naive_outcome": naive[name][1][:200],
            }
            for name in queries
        },
    }


SEARCH_STEPS: dict[str, Callable[[Context], Result]] = {
    "bad_queries": bad_queries,
    "search_naive": search_naive,
    "search_counts": search_counts,
    "spelling": spelling,
}
