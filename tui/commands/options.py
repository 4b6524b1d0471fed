"""Options shared by several subcommands, with help that states their defaults."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (``--limit 0`` is a usage error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1; give 1 or more")
    return value


def add_json(p: argparse.ArgumentParser, what: str = "the result") -> None:
    p.add_argument(
        "--json",
        action="store_true",
        help=f"print {what} as JSON for scripts (keys: README, JSON output)",
    )


def add_limit(p: argparse.ArgumentParser, default: int, what: str) -> None:
    p.add_argument(
        "--limit",
        type=positive_int,
        default=default,
        metavar="N",
        help=f"most {what} to print (default {default})",
    )
