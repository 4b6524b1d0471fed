"""Subcommands over the corpus and its index: index, list, show, search."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from index.config import Config
from index.model import Article, UpdateReport
from index.search import Searcher
from index.store.store import Store
from index.update import update_index
from tui.commands.errors import FOUND, NOTHING
from tui.commands.opening import article_id, opened_store, updated_store
from tui.commands.options import add_json, add_limit
from tui.commands.output import emit_json, problem_json
from tui.commands.terminal import marked


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "index":
        p.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
        add_json(p, "the report")
        p.add_argument(
            "--progress-jsonl",
            action="store_true",
            help='JSON lines: {"done": n, "total": m} as it goes, then {"report": {...}}',
        )
        p.set_defaults(run=cmd_index)
    elif name == "list":
        add_json(p, "the list")
        p.set_defaults(run=cmd_list)
    elif name == "show":
        p.add_argument(
            "id", help="article id (its path under the corpus, without extension) or its file"
        )
        add_json(p, "the article")
        p.set_defaults(run=cmd_show)
    elif name == "search":
        p.add_argument("query", help='words, "phrases", OR, NOT, field:value, wild*, fuzzy~')
        add_limit(p, 10, "results")
        add_json(p, "the results")
        p.set_defaults(run=cmd_search)


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

    store = opened_store(config)
    report = update_index(
        store, rebuild=rebuild, progress=lambda d, t: line({"done": d, "total": t})
    )
    store.close()
    line({"report": report_json(report)})
    return FOUND  # the reader's protocol: the report line says what was found


def _count(store: Store) -> int:
    assert store.catalog is not None
    return int(store.catalog.count())


def _found(articles: int, config: Config) -> int:
    """0 when the index holds articles; 1, with a note, when the corpus has none."""
    if articles:
        return FOUND
    roots = ", ".join(str(p) for p in config.corpus)
    print(
        f"storyline: no articles in {roots} (files ending .txt, .md or .markdown are read)",
        file=sys.stderr,
    )
    return NOTHING


def cmd_index(args: argparse.Namespace, config: Config) -> int:
    if args.progress_jsonl:
        return index_jsonl(config, args.rebuild)
    store, report = updated_store(config, quiet=args.json, rebuild=args.rebuild, wait=True)
    articles = _count(store)
    store.close()
    if args.json:
        emit_json(report_json(report))
    else:
        print(report.summary())
        for problem in report.skipped:
            print(f"  skipped {problem}")
        for problem in report.warnings:
            print(f"  warning {problem}")
    return _found(articles, config)


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
    else:
        for row in rows:
            when = row.date.isoformat() if row.date else "          "
            print(f"{when}  {row.id}  {row.title}")
    return FOUND if rows else _found(0, config)


def body_paragraphs(article: Article) -> list[str]:
    """The article's paragraphs without a first one that only repeats the title.

    A headline the parser could not tell from a paragraph (it starts with a quote, ends
    with a full stop, or is a Markdown ``# heading``) became both the title and the first
    paragraph; shown, it would read twice.
    """
    paragraphs = list(article.paragraphs)
    if len(paragraphs) > 1 and _plain(paragraphs[0]) == _plain(article.title):
        paragraphs.pop(0)
    return paragraphs


def _plain(text: str) -> str:
    text = text.strip().lstrip("#").strip().rstrip(".!?…").strip("\"'“”‘’ ")
    return " ".join(text.casefold().split())


def article_json(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "tags": list(article.tags),
        "path": article.path,
        "paragraphs": body_paragraphs(article),
        "see_also": list(article.see_also),
    }


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    store, _ = updated_store(config, quiet=args.json)
    assert store.catalog is not None
    try:
        article = store.catalog.article(article_id(store, args.id))
    finally:
        store.close()
    assert article is not None
    if args.json:
        emit_json(article_json(article))
        return FOUND
    print(_plain_title(article.title))
    meta = [article.date.isoformat() if article.date else "", article.source, article.url]
    if any(meta):
        print(" · ".join(m for m in meta if m))
    print()
    print("\n\n".join(body_paragraphs(article)))
    if article.see_also:
        print("\nSee also:")
        for title in article.see_also:
            print(f"  - {title}")
    return FOUND


def _plain_title(title: str) -> str:
    return title.lstrip("#").strip() or title


def cmd_search(args: argparse.Namespace, config: Config) -> int:
    """Exit status 0 when the query ran (notes on stderr say what was changed in it), 1 when
    it could not (the error says why)."""
    if args.limit < 0:
        print(f"storyline: --limit must be 0 or more, not {args.limit}", file=sys.stderr)
        return 1
    store, _ = updated_store(config, quiet=args.json)
    result = Searcher(store).search(args.query, limit=args.limit)
    store.close()
    status = FOUND if (result.hits or result.total) and not result.error else NOTHING
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
            print(f"    {marked(hit.snippet, hit.spans)}")
    if result.suggestion:
        print(f"\ndid you mean: {result.suggestion}")
    return status
