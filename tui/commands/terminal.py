"""How subcommands meet the terminal: colour, paging and the progress bar.

The conventions are git's and ripgrep's: colour only when standard output is a terminal,
never under ``NO_COLOR`` (https://no-color.org) or ``--no-color``; output longer than the
screen goes through ``$PAGER`` (default ``less -FRX``) on a terminal, never when piped.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

DEFAULT_PAGER = "less -FRX"


class Manners:
    """What this run may do to the terminal; set once from the command line."""

    no_color = False
    no_pager = False


def colour(stream: Any = None) -> bool:
    """Whether to write colour and bold codes to ``stream`` (standard output by default)."""
    stream = sys.stdout if stream is None else stream
    if Manners.no_color or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def marked(text: str, spans: Any) -> str:
    """``text`` with its spans in bold on a colour terminal, else between *asterisks*."""
    on, off = ("\x1b[1m", "\x1b[0m") if colour() else ("*", "*")
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], on, text[start:end], off]
        last = end
    out.append(text[last:])
    return "".join(out)


@contextmanager
def paged() -> Iterator[None]:
    """Collect what is printed inside; page it when it is longer than a terminal screen."""
    real = sys.stdout
    if Manners.no_pager or not real.isatty():
        yield
        return
    buffer = io.StringIO()
    sys.stdout = buffer
    try:
        yield
    finally:
        sys.stdout = real
        _show(buffer.getvalue(), real)


def _show(text: str, out: Any) -> None:
    rows = shutil.get_terminal_size().lines
    pager = os.environ.get("PAGER", DEFAULT_PAGER).strip()
    if text.count("\n") < rows - 1 or pager in ("", "cat"):
        out.write(text)
        out.flush()
        return
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # as git does: quit on one screen, keep colour and screen
    try:
        subprocess.run(pager, shell=True, input=text, text=True, env=env, check=False)
    except OSError:
        out.write(text)
