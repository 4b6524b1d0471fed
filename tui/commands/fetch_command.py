"""``storyline fetch``: download new feed items into the corpus, then update the index."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from index.config import Config, default_feeds_dir
from index.corpus.fetch import FeedReport, fetch_feeds
from index.update import update_index
from tui.commands.opening import opened_store
from tui.commands.output import ProgressBar, emit_json, problem_json


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of ``fetch`` (listed in ``tui.commands.COMMANDS``)."""
    p.add_argument("--json", action="store_true", help="machine-readable report")
    p.add_argument("--no-index", action="store_true", help="fetch only; index later")
    p.add_argument(
        "--progress-jsonl",
        action="store_true",
        help='JSON lines: {"done": n, "total": m} per feed, then {"report": {...}} (the reader)',
    )
    p.set_defaults(run=cmd_fetch)


def cmd_fetch(args: argparse.Namespace, config: Config) -> int:
    """Exit status: 0 all feeds fetched (or not modified), 1 some failed, 2 no feeds."""
    if not config.feeds:
        where = config.path or "config.yaml"
        print(
            f"storyline: no feeds in {where}; add a list of addresses under 'feeds:'",
            file=sys.stderr,
        )
        return 2
    folder = config.feeds_dir or default_feeds_dir()
    bar = ProgressBar("fetching")
    progress: Any = _jsonl if args.progress_jsonl else None if args.json else bar
    try:
        reports = fetch_feeds(config.feeds, folder, config.fetch, progress)
    finally:
        bar.close()
    index: dict[str, Any] | None = None
    if not args.no_index:
        store = opened_store(config)
        try:
            update = update_index(store, wait=True)
        finally:
            store.close()
        index = {
            "summary": update.summary(),
            "added": update.added,
            "updated": update.updated,
            "skipped": [problem_json(p) for p in update.skipped if _under(p.path, folder)],
        }
    failed = any(r.status == "failed" for r in reports)
    result = {"folder": str(folder), "feeds": [_json(r) for r in reports], "index": index}
    if args.progress_jsonl:
        print(json.dumps({"report": result}), flush=True)
        return 1 if failed else 0
    if args.json:
        emit_json(result)
        return 1 if failed else 0
    for report in reports:
        print(report.line())
    new = sum(len(r.new) for r in reports)
    print(f"{new} new article{'s' if new != 1 else ''} in {folder}")
    if index is not None:
        print(f"index: {index['summary']}")
        for problem in index["skipped"]:
            print(f"  skipped {problem['path']}: {problem['reason']}")
    return 1 if failed else 0


def _jsonl(done: int, total: int) -> None:
    print(json.dumps({"done": done, "total": total}), flush=True)


def _json(report: FeedReport) -> dict[str, Any]:
    return {
        "feed": report.feed,
        "status": report.status,
        "new": report.new,
        "known": report.known,
        "problems": report.problems,
    }


def _under(path: str, folder: object) -> bool:
    return path.startswith(str(folder))
