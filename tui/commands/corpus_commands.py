"""Subcommands over the corpus and its index: index, list, show, search."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from index.config import Config
from index.model import Article, UpdateReport
from index.search import Searcher
from index.store.store import Store, open_store
from index.update import update_index
from tui.commands.output import ProgressBar, emit_json, problem_json


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "index":
        p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
        p.add_argument("--json", action="store_true", help="machine-readable report")
        p.add_argument(
            "--progress-jsonl",
            action="store_true",
            help='JSON lines: {"done": n, "total": m} as it goes, then {"report": {...}}',
        )
        p.set_defaults(run=cmd_index)
    elif name == "list":
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_list)
    elif name == "show":
        p.add_argument("id", help="article id (its path under the corpus, without extension)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_show)
    elif name == "search":
        p.add_argument("query", help='words, "phrases", OR, NOT, field:value, wild*, fuzzy~')
        p.add_argument("--limit", type=int, default=10, help="most results to print (default 10)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_search)


def updated_store(
    config: Config, quiet: bool = False, rebuild: bool = False, wait: bool = False
) -> tuple[Store, UpdateReport]:
    """Open the index and bring it up to date, with a progress bar on a terminal.

    Reading commands do not wait for another process that is updating the index: they use
    it as it is. ``storyline index`` waits its turn.
    """
    store = open_store(config)
    store.on_wait = lambda: print(
        "storyline: waiting for another storyline process to finish updating the index…",
        file=sys.stderr,
    )
    bar = ProgressBar("indexing")
    try:
        report = update_index(store, rebuild=rebuild, progress=None if quiet else bar, wait=wait)
    finally:
        bar.close()
    if report.busy:
        print(f"storyline: {report.summary()}", file=sys.stderr)
    if report.rebuilt and report.rebuilt != "asked for":
        print(f"storyline: index was rebuilt: {report.rebuilt}", file=sys.stderr)
    return store, report


def report_json(report: UpdateReport) -> dict[str, Any]:
    return {
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "unchanged": report.unchanged,
        "rebuilt": report.rebuilt,
        "seconds": round(report.seconds, 3),
        "skipped": [problem_json(p) for p in report.skipped],
        "warnings": [problem_json(p) for p in report.warnings],
    }


def index_jsonl(config: Config, rebuild: bool) -> int:
    """The reader's indexer: progress and the report as JSON lines on stdout."""

    def line(data: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(data, default=str) + "\n")
        sys.stdout.flush()

    store = open_store(config)
    report = update_index(
        store, rebuild=rebuild, progress=lambda d, t: line({"done": d, "total": t})
    )
    store.close()
    line({"report": report_json(report)})
    return 0


def cmd_index(args: argparse.Namespace, config: Config) -> int:
    if args.progress_jsonl:
        return index_jsonl(config, args.rebuild)
    store, report = updated_store(config, quiet=args.json, rebuild=args.rebuild, wait=True)
    store.close()
    if args.json:
        emit_json(report_json(report))
        return 0
    print(report.summary())
    for problem in report.skipped:
        print(f"  skipped {problem}")
    for problem in report.warnings:
        print(f"  warning {problem}")
    return 0


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    store, _ = updated_store(config, quiet=args.json)
    assert store.catalog is not None
    rows = store.catalog.summaries()
    store.close()
    if args.json:
        emit_json(
            {
                "count": len(rows),
                "articles": [
                    {"id": r.id, "title": r.title, "date": r.date, "source": r.source} for r in rows
                ],
            }
        )
        return 0
    for row in rows:
        when = row.date.isoformat() if row.date else "          "
        print(f"{when}  {row.id}  {row.title}")
    return 0


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "tags": list(article.tags),
        "path": article.path,
        "paragraphs": list(article.paragraphs),
        "see_also": list(article.see_also),
    }


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    store, _ = updated_store(config, quiet=args.json)
    assert store.catalog is not None
    article = store.catalog.article(args.id)
    store.close()
    if article is None:
        print(f"storyline: no article with id {args.id!r} (see `storyline list`)", file=sys.stderr)
        return 1
    if args.json:
        emit_json(article_json(article))
        return 0
    print(article.title)
    meta = [article.date.isoformat() if article.date else "", article.source, article.url]
    if any(meta):
        print(" · ".join(m for m in meta if m))
    print()
    print("\n\n".join(article.paragraphs))
    if article.see_also:
        print("\nSee also:")
        for title in article.see_also:
            print(f"  - {title}")
    return 0


def cmd_search(args: argparse.Namespace, config: Config) -> int:
    """Exit status 0 when the query ran (notes on stderr say what was changed in it), 1 when
    it could not (the error says why). ``--limit 0`` prints only the count."""
    if args.limit < 0:
        print(f"storyline: --limit must be 0 or more, not {args.limit}", file=sys.stderr)
        return 1
    store, _ = updated_store(config, quiet=args.json)
    result = Searcher(store).search(args.query, limit=args.limit)
    store.close()
    status = 1 if result.error else 0
    if args.json:
        emit_json(
            {
                "query": result.query,
                "total": result.total,
                "approximate": result.approximate,
                "suggestion": result.suggestion,
                "error": result.error,
                "notes": list(result.notes),
                "hits": [
                    {
                        "id": h.id,
                        "title": h.title,
                        "score": round(h.score, 4),
                        "date": h.date,
                        "source": h.source,
                        "snippet": h.snippet,
                        "spans": [list(s) for s in h.spans],
                    }
                    for h in result.hits
                ],
            }
        )
        return status
    for note in result.notes:
        print(f"storyline: note: {note}", file=sys.stderr)
    if result.error:
        print(f"storyline: {result.error}", file=sys.stderr)
        return status
    about = "about " if result.approximate else ""
    print(f"{about}{result.total:,} found for {result.query!r}")
    for hit in result.hits:
        print(f"\n{hit.id}  {hit.title}")
        if hit.snippet:
            print(f"    {_marked(hit.snippet, hit.spans)}")
    if result.suggestion:
        print(f"\ndid you mean: {result.suggestion}")
    return status


def _marked(snippet: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Show matches with *asterisks* (bold when the output is a terminal)."""
    on, off = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("*", "*")
    out, last = [], 0
    for start, end in spans:
        out += [snippet[last:start], on, snippet[start:end], off]
        last = end
    out.append(snippet[last:])
    return "".join(out)
