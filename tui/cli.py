"""The ``storyline`` command: opens the reader, or runs a subcommand for scripts.

Subcommands never import Textual, so they start fast and can be piped; the registry in
``tui/commands/__init__.py`` lists them, and only the module of the command that runs is
imported (``storyline --help`` loads neither the index stack nor Textual).

Exit statuses follow one rule (``tui/commands/errors.py``, README "Exit status"); a user's
mistake is one line on stderr, an internal error a short line naming a log file.
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.commands import COMMANDS, add_commands, add_common, add_version
from tui.commands.errors import CommandError, Unusable, Usage, internal_error

if TYPE_CHECKING:
    from index.config import Config

# Options of the main parser that take a value (so the word after them is not a command).
VALUE_OPTIONS = ("--config", "--corpus")
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The parser; ``chosen`` is the subcommand about to run, the only one fully built
    (``"*"`` builds them all, for shell completion)."""
    parser = argparse.ArgumentParser(
        prog="storyline",
        description="A terminal reader for collections of news articles.",
        epilog="With no subcommand, opens the reader on PATH... or the configured corpus. "
        "Exit status: 0 found, 1 nothing found or input refused, 2 usage error, "
        "3 corpus or index unusable, 4 internal error.",
    )
    add_version(parser)
    add_common(parser)
    add_commands(parser, chosen)
    return parser


def config_from(args: argparse.Namespace) -> Config:
    """The configuration, with --corpus / PATH overrides applied; problems go to stderr."""
    from index.config import ConfigError, load_config
    from tui.names import KEYMAP_IDS, THEMES

    try:
        config = load_config(args.config).checked_names(KEYMAP_IDS, THEMES)
    except ConfigError as error:
        raise Usage(str(error)) from error
    for problem in config.problems:
        print(f"storyline: config: {problem}", file=sys.stderr)
    paths = list(args.corpus) + list(getattr(args, "paths", None) or [])
    if paths:
        config = config.with_corpus([Path(p) for p in paths])
    return config


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (argcomplete)
        from tui.commands.completion import complete

        complete(build_parser("*"))
    try:
        return _main(argv)
    except CommandError as error:
        print(f"storyline: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        print("\nstoryline: interrupted; what was indexed so far is kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`storyline list | head`): not an error.
        # Point stdout at nothing so that the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as error:  # noqa: BLE001 - a bug: logged, never a raw traceback
        return internal_error(error, argv)


def _main(argv: list[str]) -> int:
    chosen = _first_positional(argv)
    if chosen not in COMMANDS:
        return open_reader(argv)
    args = build_parser(chosen).parse_args(argv)
    from tui.commands import terminal

    terminal.Manners.no_color = args.no_color
    terminal.Manners.no_pager = args.no_pager
    config = config_from(args)
    if COMMANDS[chosen].pages:
        with terminal.paged():
            return int(args.run(args, config))
    return int(args.run(args, config))


def _first_positional(argv: list[str]) -> str | None:
    """The first argument that is not an option or an option's value."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in VALUE_OPTIONS:
            skip = True
        elif arg == "--":
            continue
        elif not arg.startswith("-"):
            return arg
    return None


def open_reader(argv: list[str]) -> int:
    """``storyline [PATH...]``: the reader itself, on a terminal only."""
    if "-h" in argv or "--help" in argv:
        build_parser().print_help()
        return 0
    parser = argparse.ArgumentParser(prog="storyline")
    add_version(parser)
    add_common(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="folders or files to read")
    args = parser.parse_args(argv)
    for path in args.paths:
        check_reader_path(path)
    config = config_from(args)
    from tui.commands.opening import check_corpus

    check_corpus(config)
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        raise Usage(
            "the reader needs a terminal (standard input and error are not one here); "
            "in a script, use a subcommand such as `storyline list` (see storyline --help)"
        )
    from tui.app import run  # Textual is imported only here

    return run(config)


def check_reader_path(word: str) -> None:
    """A PATH for the reader must exist; a bare word that does not is a mistyped command."""
    path = Path(word).expanduser()
    if path.exists():
        return
    looks_like_path = (
        os.sep in word or word.startswith((".", "~")) or path.suffix in ARTICLE_SUFFIXES
    )
    if looks_like_path:
        raise Unusable(f"{word}: no such file or folder; give a folder or file of articles")
    close = difflib.get_close_matches(word, list(COMMANDS), n=1)
    hint = f"did you mean `storyline {close[0]}`? " if close else ""
    raise Usage(
        f"{word!r} is neither a subcommand nor a file or folder here; {hint}"
        f"subcommands: {', '.join(COMMANDS)}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
