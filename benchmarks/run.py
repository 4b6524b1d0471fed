"""The storyline benchmark harness: every figure beside a baseline measured in the same run.

Usage::

    python -m benchmarks.run [--n 10000] [--seed 0] [--corpus PATH [--labels folder]]
                             [--out results.json] [--quick] [--only STEP,...] [--rounds K]

Generated corpora are cached under ``benchmarks/corpora/<n>-<seed>/``. Each run works on a
hard-linked copy of the corpus (files it changes are copied first) in a fresh temporary
folder, with its own index folder and ``XDG_CACHE_HOME``. Each step runs in its own process
(``--step NAME``), which reports its result, its peak RSS and the peak PSS of its process
tree (``benchmarks.memory``) as JSON. ``--rounds K`` runs the steps K times, interleaved,
and shows the round with the median ratio (``benchmarks.rounds``). Nothing here asserts on
timing: the exit status is non-zero only when a step crashed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.bench_related import write_labels
from benchmarks.bench_search import SEARCH_STEPS
from benchmarks.bench_start import START_STEPS
from benchmarks.bench_steps import STEPS, Context
from benchmarks.generate import GENERATOR_VERSION, generate
from benchmarks.memory import TreeSampler, peak_rss_kb, pss_cell
from benchmarks.provenance import machine, revision
from benchmarks.rounds import fresh_round, median_rows, rounds_lines

STEPS.update(SEARCH_STEPS)
STEPS.update(START_STEPS)
HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpora"
ORDER = (
    "cold_naive",
    "cold_storyline",
    "list_files",
    "reopen",
    "one_changed_naive",  # first, so storyline's index is current again afterwards
    "one_changed",
    "search",
    "search_fts5",
    "search_naive",
    "search_counts",
    "spelling",
    "bad_queries",
    "links",
    "links_naive",
    "related_quality",
    "tui_baseline",
    "tui",
    "entities",
    "entities_worst",
    "startup",
)
# (row, unit, storyline step, its value path, baseline step, its value path)
ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("cold index", "s", "cold_storyline", "seconds", "cold_naive", "seconds"),
    ("cold, first on machine", "s", "cold_storyline", "first_seconds", "cold_naive", "seconds"),
    ("cold index, CPU", "s", "cold_storyline", "cpu_seconds", "cold_naive", "cpu_seconds"),
    ("reopen unchanged", "s", "reopen", "seconds", "list_files", "seconds"),
    ("one file changed", "s", "one_changed", "seconds", "one_changed_naive", "seconds"),
    ("search median", "ms", "search", "median_ms", "search_fts5", "median_ms"),
    ("search p95", "ms", "search", "p95_ms", "search_fts5", "p95_ms"),
    ("search median vs Whoosh", "ms", "search", "median_ms", "search_naive", "median_ms"),
    ("search p95 vs Whoosh", "ms", "search", "p95_ms", "search_naive", "p95_ms"),
    (
        "search counts right",
        "share",
        "search_counts",
        "storyline_right",
        "search_counts",
        "whoosh_right",
    ),
    ("did you mean right", "share", "spelling", "right", "spelling", "whoosh_right"),
    ("bad queries, slowest", "ms", "bad_queries", "slowest_ms", "bad_queries", "naive_slowest_ms"),
    ("related median", "ms", "links", "related.median_ms", "links_naive", "related.median_ms"),
    ("related p95", "ms", "links", "related.p95_ms", "links_naive", "related.p95_ms"),
    ("related precision@5", "", "related_quality", "storyline.p5", "related_quality", "tfidf.p5"),
    (
        "related: 5 listed",
        "",
        "related_quality",
        "storyline.with5",
        "related_quality",
        "tfidf.with5",
    ),
    (
        "related: 5, rare word",
        "",
        "related_quality",
        "storyline.with5_rare",
        "related_quality",
        "tfidf.with5_rare",
    ),
    ("related: none", "", "related_quality", "storyline.none", "related_quality", "tfidf.none"),
    ("related lists build", "s", "related_quality", "build.seconds", "cold_naive", "seconds"),
    ("entity view median", "ms", "links", "entity.median_ms", "links_naive", "entity.median_ms"),
    ("entity view p95", "ms", "links", "entity.p95_ms", "links_naive", "entity.p95_ms"),
    ("TUI interactive", "s", "tui", "seconds", "tui_baseline", "seconds"),
    ("entity extraction", "s", "entities", "seconds", "cold_naive", "seconds"),
    (
        "extract 5 MB, one line",
        "s",
        "entities_worst",
        "one_line_5mb",
        "entities_worst",
        "one_line_1mb_x5",
    ),
    ("storyline --help", "s", "startup", "help_seconds", "startup", "python_seconds"),
    ("storyline --version", "s", "startup", "version_seconds", "startup", "python_seconds"),
)
BASELINES = {
    "cold index": "naive Whoosh writer",
    "cold, first on machine": "naive Whoosh writer",
    "cold index, CPU": "naive Whoosh writer",
    "reopen unchanged": "os.walk + stat",
    "one file changed": "walk+stat, naive update_document",
    "search median": "SQLite FTS5",
    "search p95": "SQLite FTS5",
    "search median vs Whoosh": "naive Whoosh, top 10",
    "search p95 vs Whoosh": "naive Whoosh, top 10",
    "search counts right": "Whoosh estimated_length",
    "did you mean right": "Whoosh correct_query",
    "bad queries, slowest": "naive Whoosh, same strings",
    "related median": "Whoosh more_like",
    "related p95": "Whoosh more_like",
    "related precision@5": "TF-IDF cosine (sklearn)",
    "related: 5 listed": "TF-IDF cosine (sklearn)",
    "related: 5, rare word": "TF-IDF cosine (sklearn)",
    "related: none": "TF-IDF cosine (sklearn)",
    "related lists build": "naive Whoosh writer",
    "entity view median": "FTS5 phrase",
    "entity view p95": "FTS5 phrase",
    "TUI interactive": "bare Textual app",
    "entity extraction": "naive Whoosh indexing the same text",
    "extract 5 MB, one line": "5 x the 1 MB line",
    "storyline --help": "python -c pass",
    "storyline --version": "python -c pass",
}


# -- the child: one step ---------------------------------------------------------------------


def run_step(name: str, corpus: Path, work: Path, quick: bool, result_file: Path) -> int:
    ctx = Context(corpus=corpus, work=work, quick=quick)
    result = STEPS[name](ctx)
    self_kb = peak_rss_kb()
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result["rss_mb"] = self_kb / 1024
    result["children_rss_mb"] = children_kb / 1024
    result_file.write_text(json.dumps(result, default=str))
    return 0


# -- the parent --------------------------------------------------------------------------------


def corpus_for(n: int, seed: int) -> Path:
    """The cached generated corpus, generated (atomically) if missing."""
    target = CORPORA / f"{n}-{seed}-v{GENERATOR_VERSION}"
    if (target / ".complete").exists():
        return target
    CORPORA.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{n}-{seed}-", dir=CORPORA))
    t0 = time.perf_counter()
    generate(tmp, n, seed)
    (tmp / ".complete").write_text(f"generated in {time.perf_counter() - t0:.1f}s\n")
    try:
        os.rename(tmp, target)
    except OSError:  # another run got there first (or a stale incomplete folder)
        if not (target / ".complete").exists():
            shutil.rmtree(target, ignore_errors=True)
            os.rename(tmp, target)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def link_copy(src: Path, dst: Path) -> None:
    """A copy of the corpus made of hard links (real copies across file systems)."""

    def copy(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dst, copy_function=copy, ignore=shutil.ignore_patterns(".*"))


def spawn(name: str, corpus: Path, work: Path, quick: bool, env: dict[str, str]) -> dict:
    result_file = work / f"{name}.json"
    log = work / "logs" / f"{name}.log"
    log.parent.mkdir(exist_ok=True)
    command = [sys.executable, "-m", "benchmarks.run", "--step", name]
    command += ["--corpus", str(corpus), "--work", str(work), "--result", str(result_file)]
    if quick:
        command.append("--quick")
    t0 = time.perf_counter()
    # The step's memory is sampled from here, not in the step: reading a tree's
    # ``smaps_rollup`` takes 7-9 ms of CPU, four times a second, which in the step counted
    # in its CPU seconds and took the interpreter's lock from it, the more the more
    # processes it runs (a build's workers), so that side was slowed and the other not.
    with open(log, "w") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        with TreeSampler(child.pid) as tree:
            code = child.wait()
    wall = time.perf_counter() - t0
    if code != 0 or not result_file.exists():
        tail = log.read_text(errors="replace")[-3000:]
        return {"error": f"exit status {code}", "log_tail": tail, "wall_seconds": wall}
    result: dict = json.loads(result_file.read_text())
    result["wall_seconds"] = wall
    result["tree_pss_mb"], result["tree_anon_mb"] = tree.peak_mb, tree.peak_anon_mb
    return result


ROOT = HERE.parent


def value(step: dict, path: str) -> float | str:
    """A number from a step's result, or "n/a" with no number to give."""
    if "error" in step:
        return "error"
    node: Any = step
    for part in path.split("."):
        if not isinstance(node, dict) or "na" in node or part not in node:
            return "n/a"
        node = node[part]
    if isinstance(node, int | float) and not math.isnan(node):
        return float(node)
    return "n/a"


def build_rows(steps: dict[str, dict]) -> list[dict]:
    rows = []
    for name, unit, ours, our_path, base, base_path in ROWS:
        mine, theirs = value(steps[ours], our_path), value(steps[base], base_path)
        ratio: float | str = "n/a"
        if isinstance(mine, float) and isinstance(theirs, float) and theirs > 0:
            ratio = mine / theirs
        rss = steps[ours].get("rss_mb", "n/a") if isinstance(mine, float) else "n/a"
        rows.append(
            {
                "step": name,
                "unit": unit,
                "storyline": mine,
                "baseline": theirs,
                "baseline_is": BASELINES[name],
                "ratio": ratio,
                "rss_mb": rss,
                "children_rss_mb": steps[ours].get("children_rss_mb", "n/a"),
                "tree_pss_mb": steps[ours].get("tree_pss_mb") if isinstance(mine, float) else None,
                "tree_anon_mb": steps[ours].get("tree_anon_mb"),
                "baseline_rss_mb": steps[base].get("rss_mb", "n/a"),
                "note": steps[ours].get("na") or steps[ours].get("error") or "",
            }
        )
    return rows


def _fmt(x: float | str, unit: str = "") -> str:
    if not isinstance(x, float):
        return str(x)
    if unit == "ms" or x < 10:
        return f"{x:.3g}" if x < 1 else f"{x:.1f}" if x < 100 else f"{x:.0f}"
    return f"{x:.1f}"


def table(rows: list[dict]) -> str:
    head = ("step", "storyline", "baseline", "ratio", "peak RSS MB", "all PSS MB", "baseline is")
    lines = [head]
    for r in rows:
        unit = r["unit"]
        mine = _fmt(r["storyline"], unit) + (
            f" {unit}" if isinstance(r["storyline"], float) else ""
        )
        theirs = _fmt(r["baseline"], unit) + (
            f" {unit}" if isinstance(r["baseline"], float) else ""
        )
        ratio = f"{r['ratio']:.2f}" if isinstance(r["ratio"], float) else r["ratio"]
        rss = r["rss_mb"]
        rss_s = f"{rss:.0f}" if isinstance(rss, float) else str(rss)
        child = r["children_rss_mb"]
        if isinstance(rss, float) and isinstance(child, float) and child > 1:
            rss_s += f" (+{child:.0f} workers)"
        lines.append((r["step"], mine, theirs, ratio, rss_s, pss_cell(r), r["baseline_is"]))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    out = []
    for i, line in enumerate(lines):
        out.append("  ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--n", type=int, default=10000, help="articles to generate (10000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="benchmark this folder instead")
    parser.add_argument(
        "--labels",
        choices=["folder"],
        help="label each article of --corpus by its top folder (for related precision@5)",
    )
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and samples")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--only", help="comma-separated steps to run (others are n/a)")
    parser.add_argument("--rounds", type=int, default=1, help="interleaved runs, median shown")
    # Internal: run one step in this process.
    parser.add_argument("--step", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.step:
        return run_step(args.step, args.corpus, args.work, args.quick, args.result)

    started = datetime.now(UTC)
    rev = revision()
    t0 = time.perf_counter()
    if args.corpus:
        source = args.corpus.expanduser().resolve()
        if not source.is_dir():
            parser.error(f"--corpus {source}: not a folder")
    else:
        print(f"corpus: {args.n} articles, seed {args.seed} ...", file=sys.stderr, flush=True)
        source = corpus_for(args.n, args.seed)
    work = Path(tempfile.mkdtemp(prefix="storyline-bench-"))
    env = dict(os.environ, XDG_CACHE_HOME=str(work / "xdg"), PYTHONPATH=str(ROOT))
    only = set(args.only.split(",")) if args.only else None
    rounds: list[dict[str, dict]] = []
    try:
        corpus = work / "corpus"
        link_copy(source, corpus)
        write_labels(source, work, args.labels)
        for _ in range(max(1, args.rounds)):
            fresh_round(work)
            rounds.append(steps := {})
            for name in ORDER:
                if only is not None and name not in only:
                    steps[name] = {"na": "not run (--only)"}
                    continue
                print(f"  {name} ...", end="", file=sys.stderr, flush=True)
                step = steps[name] = spawn(name, corpus, work, args.quick, env)
                outcome = "error" if "error" in step else "n/a" if "na" in step else "ok"
                print(f" {outcome} ({step['wall_seconds']:.1f}s)", file=sys.stderr, flush=True)
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)

    rows = median_rows([build_rows(steps) for steps in rounds])
    files = sum(1 for _ in source.rglob("*") if _.suffix in (".txt", ".md", ".markdown"))
    report = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "n": args.n if not args.corpus else files,
        "seed": args.seed if not args.corpus else None,
        "corpus": str(source),
        "quick": args.quick,
        "revision": rev,
        "total_seconds": time.perf_counter() - t0,
        "rows": rows,
        "steps": rounds[0] if len(rounds) == 1 else rounds,
    }
    print(table(rows))
    if len(rounds) > 1:
        print(rounds_lines(rows))
    for name, step in ((n, s) for steps in rounds for n, s in steps.items()):
        if "error" in step:
            print(f"\nstep {name} failed:\n{step['log_tail']}", file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, default=str) + "\n")
        print(f"results: {args.out}", file=sys.stderr)
    return 1 if any("error" in s for steps in rounds for s in steps.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
