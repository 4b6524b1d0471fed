"""``storyline completion SHELL``: tab completion for bash, zsh and fish, by argcomplete.

The printed code calls ``storyline`` back with ``_ARGCOMPLETE`` set; ``tui.cli.main`` then
builds the whole parser and hands it to argcomplete, which prints the candidates and exits.
Install, e.g. ``eval "$(storyline completion bash)"`` in ~/.bashrc, the same with ``zsh``
in ~/.zshrc, or ``storyline completion fish > ~/.config/fish/completions/storyline.fish``.
"""

from __future__ import annotations

import argparse
import sys

from index.config import Config

SHELLS = ("bash", "zsh", "fish")


def configure(name: str, p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", choices=SHELLS, help="the shell to print completion code for")
    p.epilog = (
        'bash: eval "$(storyline completion bash)" in ~/.bashrc; '
        'zsh: eval "$(storyline completion zsh)" in ~/.zshrc; '
        "fish: storyline completion fish > ~/.config/fish/completions/storyline.fish"
    )
    p.set_defaults(run=cmd_completion)


def cmd_completion(args: argparse.Namespace, config: Config) -> int:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["storyline"], shell=args.shell))
    return 0


def complete(parser: argparse.ArgumentParser) -> None:
    """Answer the shell's request for completions and exit (argcomplete does both)."""
    import argcomplete

    argcomplete.autocomplete(parser)
