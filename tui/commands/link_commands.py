"""Subcommands over cross-references: related, mentions, refs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from index.config import Config
from index.links import views as links
from index.model import EntityHit, Reference, Related
from index.store.store import Store
from tui.commands.corpus_commands import updated_store
from tui.commands.output import emit_json


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "related":
        p.add_argument("id", help="article id (see `storyline list`)")
        p.add_argument("--limit", type=int, default=20, help="most stories to print (default 20)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_related)
    elif name == "mentions":
        p.add_argument("entity", help='entity key ("PERSON:aleksandr lukashenko") or name')
        p.add_argument(
            "--limit", type=int, default=200, help="most articles to print (default 200)"
        )
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_mentions)
    elif name == "refs":
        p.add_argument("id", help="article id (see `storyline list`)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(run=cmd_refs)


def _open(config: Config, quiet: bool, article_id: str | None = None) -> Store | None:
    store, _ = updated_store(config, quiet=quiet)
    assert store.catalog is not None
    if article_id is not None and store.catalog.article(article_id) is None:
        store.close()
        print(
            f"storyline: no article with id {article_id!r} (see `storyline list`)", file=sys.stderr
        )
        return None
    return store


def related_json(item: Related) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.title,
        "date": item.date,
        "score": item.score,
        "reasons": [
            {"kind": r.kind, "items": list(r.items), "weight": r.weight} for r in item.reasons
        ],
        "sentence": item.sentence,
    }


def reference_json(ref: Reference) -> dict[str, Any]:
    return {
        "title": ref.title,
        "target": ref.target,
        "target_title": ref.target_title,
        "in_corpus": ref.in_corpus,
        "how": ref.how,
        "score": ref.score,
        "written": ref.written,
        "others": list(ref.others),
    }


def hit_json(hit: EntityHit) -> dict[str, Any]:
    return {
        "id": hit.id,
        "title": hit.title,
        "date": hit.date,
        "count": hit.count,
        "snippet": hit.snippet,
        "spans": [list(s) for s in hit.spans],
        "start": hit.start,
        "end": hit.end,
    }


def cmd_related(args: argparse.Namespace, config: Config) -> int:
    store = _open(config, args.json, args.id)
    if store is None:
        return 1
    items = links.related(store, args.id, limit=max(0, args.limit))
    duplicates = links.duplicates_of(store, args.id)
    note = "" if items else links.no_related_reason(store, args.id)
    store.close()
    if args.json:
        emit_json(
            {
                "id": args.id,
                "related": [related_json(r) for r in items],
                "duplicates": duplicates,
                "note": note,
            }
        )
        return 0
    for other in duplicates:
        print(f"duplicate  {other}  (the same text)")
    if not items:
        print(note)
    for item in items:
        when = item.date.isoformat() if item.date else "          "
        print(f"{item.score:5.2f}  {when}  {item.id}  {item.title}")
        print(f"       {item.sentence}")
    return 0


def cmd_mentions(args: argparse.Namespace, config: Config) -> int:
    store = _open(config, args.json)
    assert store is not None and store.catalog is not None
    key = args.entity
    if store.catalog.entity(key) is None:
        found = store.catalog.find_entities(key, limit=1)
        key = found[0][0].key if found else key
    hits = links.entity_articles(store, key, limit=max(0, args.limit))
    store.close()
    if args.json:
        emit_json({"entity": key, "articles": [hit_json(h) for h in hits]})
        return 0 if hits else 1
    if not hits:
        print(f"storyline: no article mentions {args.entity!r}", file=sys.stderr)
        return 1
    print(f"{len(hits)} articles mention {key}")
    on, off = ("\x1b[1m", "\x1b[0m") if sys.stdout.isatty() else ("*", "*")
    for hit in hits:
        when = hit.date.isoformat() if hit.date else "          "
        times = "1 mention" if hit.count == 1 else f"{hit.count} mentions"
        print(f"\n{when}  {hit.id}  {hit.title}  ({times})")
        start, end = hit.spans[0] if hit.spans else (0, 0)
        s = hit.snippet
        print(f"    {s[:start]}{on}{s[start:end]}{off}{s[end:]}")
    return 0


def cmd_refs(args: argparse.Namespace, config: Config) -> int:
    store = _open(config, args.json, args.id)
    if store is None:
        return 1
    refs = links.references(store, args.id)
    cited = links.backlinks(store, args.id)
    store.close()
    if args.json:
        emit_json(
            {
                "id": args.id,
                "references": [reference_json(r) for r in refs],
                "cited_by": [reference_json(r) for r in cited],
            }
        )
        return 0
    print("References:" if refs else "References: none")
    for ref in refs:
        if ref.target is None:
            print(f"  - {ref.title}  (not in the corpus)")
        elif ref.how == "self":
            print(f"  - {ref.title}  (this article itself)")
        else:
            how = f", {ref.how} match {ref.score:.0f}" if ref.how == "fuzzy" else ""
            print(f"  - {ref.title}  -> {ref.target}{how}")
    print("Cited by:" if cited else "Cited by: no article in the corpus")
    for ref in cited:
        print(f"  - {ref.target}  {ref.title}")
    return 0
