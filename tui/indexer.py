"""Updating the index in a subprocess, streaming its progress back as JSON lines.

Indexing is CPU work; in a thread it would starve the UI through the GIL (NOTES.md §3),
so the reader runs ``storyline index --progress-jsonl`` for its own configuration and reads
``{"done": n, "total": m}`` lines, then a final ``{"report": {...}}``.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.config import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Outcome:
    """How an update ended: the report, or the reason it failed."""

    report: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def index_command(config: Config) -> list[str]:
    """The command that updates this configuration's index.

    Without a config file, ``--config /dev/null`` gives the subprocess the same built-in
    defaults the reader has, rather than whatever config.yaml it would find on its own.
    """
    command = [sys.executable, "-m", "tui.cli", "--config", str(config.path or os.devnull)]
    for root in config.corpus:
        command += ["--corpus", str(root)]
    return command + ["index", "--progress-jsonl"]


async def run_index(config: Config, progress: Callable[[int, int], None]) -> Outcome:
    """Run one update to the end, calling ``progress(done, total)`` as it goes."""
    return await run_jsonl(index_command(config), progress, "index update")


async def run_jsonl(command: list[str], progress: Callable[[int, int], None], what: str) -> Outcome:
    """Run a ``--progress-jsonl`` subcommand to the end (``storyline index``, ``fetch``)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    try:
        process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
        )
    except OSError as error:
        return Outcome(error=f"cannot start the {what}: {error}")
    assert process.stdout is not None and process.stderr is not None
    errors = asyncio.ensure_future(process.stderr.read())
    outcome = Outcome()
    try:
        async for raw in process.stdout:
            try:
                message = json.loads(raw)
            except ValueError:
                continue
            if "report" in message:
                outcome.report = message["report"]
            elif "done" in message:
                progress(int(message["done"]), int(message["total"]))
        code = await process.wait()
    except asyncio.CancelledError:
        if process.returncode is None:
            process.terminate()  # the index keeps what was committed; the lock is freed
        raise
    stderr = (await errors).decode("utf-8", "replace").strip()
    if code != 0:
        last = stderr.splitlines()[-1] if stderr else f"exit status {code}"
        outcome.error = f"{what} failed: {last}"
    return outcome
