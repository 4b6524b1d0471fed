"""Shared output helpers for subcommands: JSON, problem lists, the progress bar.

The bar is ``rich.progress`` (Rich comes with Textual): it fits the terminal's width, shows
the rate and the time left, follows ``NO_COLOR``, and is drawn only when stderr is a
terminal, so a pipe or a log file never gets control codes.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from index.model import Problem


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "reason": problem.reason}


class ProgressBar:
    """A progress bar on stderr while work runs, gone when it ends; nothing off a terminal.

    ``console`` is a ``rich.console.Console`` to draw on (tests pass one writing to a
    buffer); by default one on stderr, without colour under ``NO_COLOR`` or ``--no-color``.
    """

    def __init__(self, label: str, console: Any = None) -> None:
        self.label = label
        self.console = console
        self.enabled = console is not None or sys.stderr.isatty()
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total == 0:
            return
        if self.progress is None:
            self._start()
        self.progress.update(self.task, completed=done, total=total)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        from tui.commands.terminal import Manners

        console = self.console or Console(
            stderr=True, no_color=Manners.no_color or bool(os.environ.get("NO_COLOR"))
        )

        class RateColumn(ProgressColumn):
            """Articles per second, once rich has measured a rate."""

            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:,.0f}/s" if speed else "", style="progress.data.speed")

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.progress.start()
        self.task = self.progress.add_task(self.label, total=None)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
