"""Shared output helpers for subcommands: JSON, progress on a terminal, problem lists."""

from __future__ import annotations

import json
import sys
from typing import Any

from index.model import Problem
from tui.progress import Rate


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "reason": problem.reason}


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.rate = Rate()
        self.shown = False
        self.enabled = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        self.rate.update(done, total)
        if not self.enabled or total == 0:
            return
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r{self.label} [{bar}] {self.rate.text()} \033[K")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 90 + "\r")
            sys.stderr.flush()
