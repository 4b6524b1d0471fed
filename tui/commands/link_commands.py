"""Subcommands over cross-references: related, mentions, refs."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from index.config import Config
from index.links import views as links
from index.model import EntityHit, Reference, Related
from index.store.store import Store
from tui.commands.errors import FOUND, NOTHING, Refused
from tui.commands.opening import article_id, updated_store
from tui.commands.options import add_json, add_limit
from tui.commands.output import emit_json
from tui.commands.terminal import marked


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "related":
        p.add_argument("id", help="article id or file (see `storyline list`)")
        add_limit(p, 20, "stories")
        add_json(p, "the related stories")
        p.set_defaults(run=cmd_related)
    elif name == "mentions":
        p.add_argument("entity", help='entity key ("PERSON:aleksandr lukashenko") or name')
        add_limit(p, 200, "articles")
        add_json(p, "the articles")
        p.set_defaults(run=cmd_mentions)
    elif name == "refs":
        p.add_argument("id", help="article id or file (see `storyline list`)")
        add_json(p, "the references")
        p.set_defaults(run=cmd_refs)


def _open(config: Config, quiet: bool, word: str | None = None) -> tuple[Store, str]:
    """The updated index and the id of the article ``word`` names (refused if none)."""
    store, _ = updated_store(config, quiet=quiet)
    try:
        return store, article_id(store, word) if word is not None else ""
    except Exception:
        store.close()
        raise


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
        "how": ref.how or None,  # null: not resolved to any article
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
    store, found = _open(config, args.json, args.id)
    items = links.related(store, found, limit=args.limit)
    duplicates = links.duplicates_of(store, found)
    note = "" if items else links.no_related_reason(store, found)
    store.close()
    status = FOUND if items or duplicates else NOTHING
    if args.json:
        emit_json(
            {
                "id": found,
                "related": [related_json(r) for r in items],
                "duplicates": duplicates,
                "note": note,
            }
        )
        return status
    for other in duplicates:
        print(f"duplicate  {other}  (the same text)")
    if not items:
        print(note)
    for item in items:
        when = item.date.isoformat() if item.date else "          "
        print(f"{item.score:5.2f}  {when}  {item.id}  {item.title}")
        print(f"       {item.sentence}")
    return status


def cmd_mentions(args: argparse.Namespace, config: Config) -> int:
    if not args.entity.strip():
        raise Refused(
            "mentions: the entity is empty; give a name or a key such as"
            " 'PERSON:marta velkovan' (`storyline entities` lists them)"
        )
    store, _ = _open(config, args.json)
    assert store.catalog is not None
    try:
        key = args.entity
        if store.catalog.entity(key) is None:
            found = store.catalog.find_entities(key, limit=1)
            key = found[0][0].key if found else key
        hits = links.entity_articles(store, key, limit=args.limit)
        total = store.catalog.entity_document_counts([key]).get(key, len(hits))
    finally:
        store.close()
    if args.json:
        emit_json({"entity": key, "total": total, "articles": [hit_json(h) for h in hits]})
        return FOUND if hits else NOTHING
    if not hits:
        print(f"storyline: no article mentions {args.entity!r}", file=sys.stderr)
        return NOTHING
    shown = f"; the newest {len(hits)} shown (--limit)" if total > len(hits) else ""
    print(f"{total} {'article mentions' if total == 1 else 'articles mention'} {key}{shown}")
    for hit in hits:
        when = hit.date.isoformat() if hit.date else "          "
        times = "1 mention" if hit.count == 1 else f"{hit.count} mentions"
        print(f"\n{when}  {hit.id}  {hit.title}  ({times})")
        print(f"    {marked(hit.snippet, hit.spans[:1])}")
    return FOUND


def cmd_refs(args: argparse.Namespace, config: Config) -> int:
    store, found = _open(config, args.json, args.id)
    refs = links.references(store, found)
    cited = links.backlinks(store, found)
    store.close()
    status = FOUND if refs or cited else NOTHING
    if args.json:
        emit_json(
            {
                "id": found,
                "references": [reference_json(r) for r in refs],
                "cited_by": [reference_json(r) for r in cited],
            }
        )
        return status
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
    return status
