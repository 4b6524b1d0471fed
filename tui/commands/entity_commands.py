"""Subcommands over entities: extract (no index needed) and entities (from the index)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from index.config import Config
from index.corpus.files import SourceFile, read_article
from index.entities.extractor import LABELS
from index.model import Entity, Mention
from index.store.pipeline import extractor
from tui.commands.errors import FOUND, NOTHING
from tui.commands.opening import article_id, updated_store
from tui.commands.options import add_json, add_limit
from tui.commands.output import emit_json

MAX_LINE = 10_000_000  # characters of one JSON line on standard input


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of subcommand ``name`` (listed in ``tui.commands.COMMANDS``)."""
    if name == "extract":
        p.add_argument("files", nargs="*", metavar="FILE", help="article files (prints a table)")
        p.set_defaults(run=cmd_extract)
    elif name == "entities":
        p.add_argument(
            "id", nargs="?", help="article id or file; without it, the most mentioned entities"
        )
        add_limit(p, 50, "entities in the corpus list")
        which = p.add_mutually_exclusive_group()
        which.add_argument(
            "--all", action="store_true", help="also dates, sums and figures (default: names)"
        )
        which.add_argument(
            "--label", type=_label, metavar="LABEL", help=f"only one label: {', '.join(LABELS)}"
        )
        add_json(p, "the entities")
        p.set_defaults(run=cmd_entities)


# What `storyline entities` lists unless --all or --label: people, organisations and places.
NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC")


def _label(text: str) -> str:
    label = text.upper()
    if label not in LABELS:
        raise argparse.ArgumentTypeError(f"unknown label {text!r}: use one of {', '.join(LABELS)}")
    return label


def _labels(args: argparse.Namespace) -> tuple[str, ...] | None:
    """The labels to list: one with --label, all with --all, else names only."""
    if getattr(args, "label", None):
        return (args.label,)
    return None if getattr(args, "all", False) else NAME_LABELS


def mention_json(mention: Mention) -> dict[str, Any]:
    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "key": mention.key,
        "name": mention.name,
    }


def entity_json(entity: Entity, articles: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": entity.key,
        "name": entity.name,
        "label": entity.label,
        "aliases": list(entity.aliases),
        "count": entity.count,
        "value": entity.value,
        "link": entity.link,
    }
    if articles is not None:
        data["articles"] = articles
    return data


def cmd_extract(args: argparse.Namespace, config: Config) -> int:
    found = extractor(config.entities)
    if args.files:
        return _extract_files([Path(f) for f in args.files], config)
    status = 0
    for number, line in enumerate(sys.stdin, start=1):
        if not line.strip():
            continue
        try:
            if len(line) > MAX_LINE:
                raise ValueError(f"line longer than {MAX_LINE:,} characters")
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as error:
            print(f"storyline: stdin:{number}: {error}", file=sys.stderr)
            status = 1
            continue
        mentions = found.extract(item["text"])
        out = {"id": item.get("id"), "entities": [mention_json(m) for m in mentions]}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return status


def _extract_files(paths: list[Path], config: Config) -> int:
    found = extractor(config.entities)
    status = 0
    for path in paths:
        article, problems = read_article(SourceFile(path.parent, path, path.stem))
        for problem in problems:
            print(f"storyline: {problem}", file=sys.stderr)
        if article is None:
            status = 1
            continue
        mentions = found.extract(article.body)
        print(f"{path}  ({len(mentions)} mentions)")
        for entity in found.entities(mentions):
            shown = (
                f"{entity.name}  [{', '.join(entity.aliases)}]" if entity.aliases else entity.name
            )
            print(f"  {entity.label:<9} {entity.count:>3}  {shown}")
    return status


def cmd_entities(args: argparse.Namespace, config: Config) -> int:
    store, _ = updated_store(config, quiet=args.json)
    assert store.catalog is not None
    try:
        if args.id is not None:
            found = article_id(store, args.id)
            labels = _labels(args)
            rows = [
                (e, None)
                for e in store.catalog.article_entities(found)
                if labels is None or e.label in labels
            ]
        else:
            rows = [(e, n) for e, n in store.catalog.top_entities(args.limit, _labels(args))]
    finally:
        store.close()
    if args.json:
        emit_json({"entities": [entity_json(e, n) for e, n in rows]})
        return FOUND if rows else NOTHING
    for entity, articles in rows:
        where = f"{articles:>5} articles  " if articles is not None else ""
        print(f"{entity.label:<9} {where}{entity.count:>4} mentions  {entity.name}")
    if not rows:
        print("storyline: no entities found", file=sys.stderr)
    return FOUND if rows else NOTHING
