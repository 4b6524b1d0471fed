"""Exit statuses, and how a subcommand says no: one line for a user's mistake, a log for a bug.

The rule every subcommand follows (README "Exit status"):

- 0: it ran and found something (or did what was asked);
- 1: it ran and found nothing, or the input (an id, a name, a query) was refused;
- 2: a usage error: an unknown option or subcommand, a bad value (argparse's own status);
- 3: the corpus or the index could not be used (a missing folder, an index folder that
  cannot be made);
- 4: an internal error, a bug: a short message names a log file holding the traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

FOUND = 0
NOTHING = 1  # nothing found, or the input refused
USAGE = 2
UNUSABLE = 3  # the corpus or the index cannot be used
INTERNAL = 4


class CommandError(Exception):
    """A user's mistake or an unusable setup: one line on stderr, then exit with ``status``."""

    status = NOTHING

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class Refused(CommandError):
    """The input was refused (an unknown id, an empty name): exit 1."""

    status = NOTHING


class Usage(CommandError):
    """The command was called wrongly in a way argparse cannot see: exit 2."""

    status = USAGE


class Unusable(CommandError):
    """The corpus or the index cannot be used: exit 3."""

    status = UNUSABLE


def log_path() -> Path:
    """Where internal errors are logged: the user state directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_state_dir("storyline")) / "errors.log"


def internal_error(error: BaseException, argv: list[str]) -> int:
    """Log the traceback; print one short line naming the log; return exit status 4."""
    import datetime
    import traceback

    when = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    text = (
        f"--- {when}  storyline {' '.join(argv)}\n"
        + "".join(traceback.format_exception(error))
        + "\n"
    )
    where = _write_log(text)
    summary = f"{type(error).__name__}: {error}".splitlines()[0][:200] if str(error) else ""
    summary = summary or type(error).__name__
    if where is None:
        print(f"storyline: internal error ({summary}); no log could be written", file=sys.stderr)
    else:
        print(
            f"storyline: internal error ({summary}); the details are in {where}",
            file=sys.stderr,
        )
    return INTERNAL


def _write_log(text: str) -> Path | None:
    import tempfile

    for path in (log_path(), Path(tempfile.gettempdir()) / "storyline-errors.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as log:
                log.write(text)
            return path
        except OSError:
            continue
    return None
