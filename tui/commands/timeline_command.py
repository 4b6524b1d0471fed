"""``storyline timeline ID|ENTITY``: a story over time, or an entity's articles by month."""

from __future__ import annotations

import argparse
import sys

from index.config import Config
from index.links import timeline
from index.model import Period, StoryPoint
from tui.commands.errors import FOUND, NOTHING
from tui.commands.opening import updated_store
from tui.commands.options import add_json
from tui.commands.output import emit_json

BAR = 40  # characters of the longest bar


def configure(name: str, p: argparse.ArgumentParser) -> None:
    """Add the options of ``timeline`` (listed in ``tui.commands.COMMANDS``)."""
    p.add_argument("target", help="an article id, or an entity key or name")
    add_json(p, "the timeline")
    p.set_defaults(run=cmd_timeline)


def cmd_timeline(args: argparse.Namespace, config: Config) -> int:
    """Exit status 0; 1 when the target is neither an article nor an entity, or has no
    articles to show."""
    store, _ = updated_store(config, quiet=args.json)
    try:
        assert store.catalog is not None
        if store.catalog.article(args.target) is not None:
            points = timeline.story(store, args.target)
            if args.json:
                emit_json({"id": args.target, "story": [_point_json(p) for p in points]})
            else:
                _print_story(points)
            return FOUND if points else NOTHING
        key = args.target
        if store.catalog.entity(key) is None:
            found = store.catalog.find_entities(key, limit=1)
            if not found:
                print(f"storyline: no article or entity {args.target!r}", file=sys.stderr)
                return 1
            key = found[0][0].key
        entity = store.catalog.entity(key)
        periods = timeline.entity_months(store, key)
    finally:
        store.close()
    name = entity.name if entity else key
    if args.json:
        emit_json(
            {
                "entity": key,
                "name": name,
                "months": [
                    {"month": p.month or None, "count": p.count, "ids": p.ids} for p in periods
                ],
            }
        )
        return FOUND if periods else NOTHING
    _print_months(name, periods)
    return FOUND if periods else NOTHING


def _point_json(point: StoryPoint) -> dict[str, object]:
    return {
        "id": point.id,
        "title": point.title,
        "date": point.date.isoformat() if point.date else None,
        "relation": point.relation,
        "gap_days": point.gap_days,
    }


def _print_story(points: list[StoryPoint]) -> None:
    for point in points:
        when = point.date.isoformat() if point.date else "undated   "
        gap = f"+{point.gap_days}d" if point.gap_days is not None else ""
        mark = "▶" if point.relation == "this" else " "
        print(f"{when} {gap:>7} {mark} {point.relation:<9} {point.id}  {point.title}")


def _print_months(name: str, periods: list[Period]) -> None:
    total = sum(p.count for p in periods)
    print(f"{name}: {total} article{'s' if total != 1 else ''}")
    most = max((p.count for p in periods), default=0) or 1
    for period in periods:
        bar = "█" * round(BAR * period.count / most) if period.count else ""
        print(f"{period.month or 'undated':>7}  {bar} {period.count or ''}".rstrip())
