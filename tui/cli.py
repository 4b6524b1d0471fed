"""The ``storyline`` command: opens the reader, or runs a subcommand for scripts.

Subcommands never import Textual, so they start fast and can be piped; each lives in
``tui/commands/`` and registers itself with ``register(subparsers)``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from index.config import Config, ConfigError, load_config
from tui.commands import corpus_commands, doctor, entity_commands, link_commands

COMMAND_MODULES = [corpus_commands, doctor, entity_commands, link_commands]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="A terminal reader for collections of news articles.",
        epilog="With no subcommand, opens the reader on PATH... or the configured corpus.",
    )
    add_common(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def add_common(parser: argparse.ArgumentParser, sub: bool = False) -> None:
    """--config and --corpus, accepted before or after a subcommand.

    A subcommand's parser must not reset what the main parser already read (argparse
    applies subparser defaults last), hence SUPPRESS there.
    """
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=argparse.SUPPRESS if sub else None,
        help="config file (default: see README)",
    )
    parser.add_argument(
        "--corpus",
        metavar="PATH",
        action="append",
        default=argparse.SUPPRESS if sub else [],
        help="folder or file to use as the corpus instead of the configured one (repeatable)",
    )


def config_from(args: argparse.Namespace) -> Config:
    """The configuration, with --corpus / PATH overrides applied; problems go to stderr."""
    config = load_config(args.config)
    for problem in config.problems:
        print(f"storyline: config: {problem}", file=sys.stderr)
    paths = list(args.corpus) + list(getattr(args, "paths", None) or [])
    if paths:
        config = config.with_corpus([Path(p) for p in paths])
    return config


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    names = {name for module in COMMAND_MODULES for name in module.NAMES}
    if _first_positional(argv) not in names:
        return open_reader(argv)
    args = parser.parse_args(argv)
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
    try:
        config = config_from(args)
    except ConfigError as error:
        print(f"storyline: {error}", file=sys.stderr)
        return 2
    from tui.app import run  # Textual is imported only here

    return run(config)


if __name__ == "__main__":
    raise SystemExit(main())
