"""Soak test: a long run of mixed searches, related lookups and entity views on one store.

Usage::

    python -m benchmarks.soak [--n 10000] [--ops 1000] [--corpus PATH] [--out soak.json]

Prints the resident memory (RSS) every ``--every`` operations, so a leak shows as a curve
that keeps rising. It measures; it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.generate import generate
from index.links import views as links
from index.search import Searcher
from index.store.store import Store
from index.update import update_index

CORPORA = Path(__file__).resolve().parent / "corpora"


def rss_mb() -> float:
    """Current resident set size of this process, in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def corpus_for(n: int, seed: int) -> Path:
    root = CORPORA / f"{n}-{seed}"
    if not (root / ".truth.json").exists():
        generate(root, n, seed)
    return root


def queries(store: Store, count: int, rng: random.Random) -> list[str]:
    """Single words, phrases, boolean and field queries drawn from the corpus's own words."""
    assert store.catalog is not None
    words: list[str] = []
    for article in store.catalog.articles():
        words += re.findall(r"[A-Za-z]{4,}", article.body)[:40]
        if len(words) > 20_000:
            break
    made = []
    for _ in range(count):
        a, b, c = rng.sample(words, 3)
        made.append(
            rng.choice(
                [a, f"{a} {b}", f'"{a} {b}"', f"{a} OR {b} OR {c}", f"{a} NOT {b}", f"title:{a}"]
            )
        )
    return made


def soak(corpus: Path, ops: int, every: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="storyline-soak-") as tmp:
        store = Store(Path(tmp) / "index", [corpus])
        store.open()
        started = time.perf_counter()
        update_index(store)
        build = time.perf_counter() - started
        assert store.catalog is not None
        ids = [s.id for s in store.catalog.summaries()]
        keys = [key for key, _, _ in _entity_keys(store, ids, rng)]
        searcher = Searcher(store)
        plan = queries(store, ops, rng)
        curve = [(0, round(rss_mb(), 1))]
        kinds = {"search": 0, "related": 0, "entity": 0}
        started = time.perf_counter()
        for op in range(1, ops + 1):
            kind = rng.choice(("search", "search", "related", "entity"))
            kinds[kind] += 1
            if kind == "search":
                searcher.search(plan[op - 1], limit=20)
            elif kind == "related":
                links.related(store, rng.choice(ids))
            elif keys:
                links.entity_articles(store, rng.choice(keys))
            if op % every == 0:
                curve.append((op, round(rss_mb(), 1)))
        elapsed = time.perf_counter() - started
        searcher.close()
        store.close()
    first, last = curve[1][1], curve[-1][1]
    return {
        "corpus": str(corpus),
        "articles": len(ids),
        "build_seconds": round(build, 1),
        "ops": ops,
        "kinds": kinds,
        "seconds": round(elapsed, 1),
        "rss_curve_mb": curve,
        "rss_growth_after_warmup_mb": round(last - first, 1),
    }


def _entity_keys(store: Store, ids: list[str], rng: random.Random) -> list[tuple[str, str, int]]:
    assert store.catalog is not None
    found = []
    for article_id in rng.sample(ids, min(200, len(ids))):
        for entity in store.catalog.article_entities(article_id)[:5]:
            found.append((entity.key, entity.name, entity.count))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak")
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--ops", type=int, default=1000)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="storyline-cache-"))
    corpus = args.corpus or corpus_for(args.n, args.seed)
    result = soak(corpus, args.ops, args.every, args.seed)
    print(f"{result['articles']} articles, index built in {result['build_seconds']} s")
    print(f"{result['ops']} operations {result['kinds']} in {result['seconds']} s")
    print("ops    RSS MB")
    for op, mb in result["rss_curve_mb"]:
        print(f"{op:>5}  {mb:8.1f}")
    print(f"growth after the first {args.every} ops: {result['rss_growth_after_warmup_mb']} MB")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
