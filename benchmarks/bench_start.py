"""Start-up of the command line beside a bare interpreter (issue 11: ``--help`` and
``--version`` in under 0.1 s, so the commands' modules load only when their command runs).

- ``startup``: ``storyline --help`` and ``storyline --version`` as a person types them (the
  installed console script, a fresh process each time), and the baseline
  ``python -c pass`` with the same interpreter, interleaved so that a slow minute of the
  machine falls on both. Medians of 9 runs (5 with ``--quick``).
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.bench_steps import Context, median

Result = dict[str, Any]


def _storyline() -> list[str]:
    """The console script beside this interpreter, else the module it runs."""
    script = Path(sys.executable).with_name("storyline")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from tui.cli import main; sys.exit(main())"]


def _seconds(command: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - t0


def startup(ctx: Context) -> Result:
    commands = {
        "help": [*_storyline(), "--help"],
        "version": [*_storyline(), "--version"],
        "python": [sys.executable, "-c", "pass"],
    }
    for command in commands.values():  # warm the file cache once
        _seconds(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(5 if ctx.quick else 9):
        for name, command in commands.items():
            times[name].append(_seconds(command))
    return {f"{name}_seconds": median(values) for name, values in times.items()}


START_STEPS: dict[str, Callable[[Context], Result]] = {"startup": startup}
