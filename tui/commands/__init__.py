"""The subcommands for the shell: a registry the command line reads, and one module per group.

``COMMANDS`` names each subcommand, the module that runs it and its one-line help, so
``storyline --help`` lists them all without importing any of them; a command's module (and
with it the index stack) is imported only when that command runs. Each module has
``configure(name, parser)``, which adds that command's options and its ``run`` function.

May import: nothing from ``tui`` but ``tui.commands.output`` and ``tui.progress`` (the
modules below import ``index``); never Textual.
"""

from __future__ import annotations

import argparse
import importlib
from typing import NamedTuple

__version__ = "0.1.0"  # the package's version (pyproject.toml reads it from here)


class Command(NamedTuple):
    module: str  # under tui.commands
    help: str
    pages: bool = True  # output longer than the screen goes through $PAGER on a terminal


COMMANDS: dict[str, Command] = {
    "index": Command(
        "corpus_commands", "build or update the index (only what changed)", pages=False
    ),
    "list": Command("corpus_commands", "list the articles"),
    "show": Command("corpus_commands", "print one article as clean text"),
    "search": Command("corpus_commands", "full-text search"),
    "related": Command("link_commands", "stories related to an article, with the reasons"),
    "mentions": Command("link_commands", "articles that mention an entity, newest first"),
    "refs": Command("link_commands", "an article's see-also references and backlinks"),
    "extract": Command(
        "entity_commands",
        "extract entities: JSON lines {id, text} on stdin, or files given as arguments",
        pages=False,
    ),
    "entities": Command("entity_commands", "an article's entities, or the corpus's top ones"),
    "doctor": Command("doctor", "check config, corpus and index; suggest fixes"),
    "timeline": Command("timeline_command", "a story over time, or an entity's articles by month"),
    "fetch": Command(
        "fetch_command", "download new items of the feeds in config.yaml, then index", pages=False
    ),
    "completion": Command(
        "completion", "print shell completion code: bash, zsh or fish", pages=False
    ),
}


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
    parser.add_argument(
        "--no-color",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="no colour or bold, even on a terminal (as does the NO_COLOR variable)",
    )
    parser.add_argument(
        "--no-pager",
        action="store_true",
        default=argparse.SUPPRESS if sub else False,
        help="never page long output through $PAGER (default pager: less -FRX)",
    )


def add_version(parser: argparse.ArgumentParser) -> None:
    """``--version``: the installed package's version, looked up only when asked for."""
    parser.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")


class _Version(argparse.Action):
    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"storyline {__version__}")
        parser.exit()


def add_commands(parser: argparse.ArgumentParser, chosen: str | None) -> None:
    """Register every subcommand; only ``chosen`` gets its options (and its module loaded).

    ``chosen="*"`` configures them all (shell completion needs every option).
    """
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, command in COMMANDS.items():
        sub = commands.add_parser(name, help=command.help, description=command.help)
        add_common(sub, sub=True)
        if name == chosen or chosen == "*":
            module = importlib.import_module(f"tui.commands.{command.module}")
            module.configure(name, sub)
