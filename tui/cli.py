"""The ``storyline`` command: opens the reader, or runs a subcommand for scripts.

Subcommands never import Textual, so they start fast and can be piped; the registry in
``tui/commands/__init__.py`` lists them, and only the module of the command that runs is
imported (``storyline --help`` loads neither the index stack nor Textual).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands import COMMANDS, add_commands, add_common

if TYPE_CHECKING:
    from index.config import Config


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``chosen`` is the subcommand about to run, the only one fully built."""
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="A terminal reader for collections of news articles.",
        epilog="With no subcommand, opens the reader on PATH... or the configured corpus.",
    )
    add_common(parser)
    add_commands(parser, chosen)
    return parser


def config_from(args: argparse.Namespace) -> Config:
    """The configuration, with --corpus / PATH overrides applied; problems go to stderr."""
    from index.config import load_config

    config = load_config(args.config)
    for problem in config.problems:
        print(f"storyline: config: {problem}", file=sys.stderr)
    paths = list(args.corpus) + list(getattr(args, "paths", None) or [])
    if paths:
        config = config.with_corpus([Path(p) for p in paths])
    return config


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = _first_positional(argv)
    if chosen not in COMMANDS:
        return open_reader(argv)
    args = build_parser(chosen).parse_args(argv)
    from index.config import ConfigError

    try:
        config = config_from(args)
        return int(args.run(args, config))
    except ConfigError as error:
        print(f"storyline: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nstoryline: interrupted; what was indexed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def _first_positional(argv: list[str]) -> str | None:
    """The first argument that is not an option or an option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--config", "--corpus"):
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def open_reader(argv: list[str]) -> int:
    """``storyline [PATH...]``: the reader itself."""
    if "-h" in argv or "--help" in argv:
        build_parser().print_help()
        return 0
    parser = argparse.ArgumentParser(prog="storyline")
    add_common(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to read")
    args = parser.parse_args(argv)
    from index.config import ConfigError

    try:
        config = config_from(args)
    except ConfigError as error:
        print(f"storyline: {error}", file=sys.stderr)
        return 2
    from tui.app import run  # Textual is imported only here

    return run(config)


if __name__ == "__main__":
    raise SystemExit(main())
