"""Fetching the configured feeds from the reader, in a subprocess like indexing.

The reader runs ``storyline fetch --no-index --progress-jsonl`` (network and extraction stay
out of the UI process), shows ``{"done", "total"}`` per feed in the header, then updates
the index as it does at startup.
"""

from __future__ import annotations

from collections.abc import Callable

from index.config import Config
from tui.indexer import Outcome, index_command, run_jsonl


def fetch_command(config: Config) -> list[str]:
    """The command that fetches this configuration's feeds (the same config as the reader)."""
    command = index_command(config)[:-2]  # without "index --progress-jsonl"
    return command + ["fetch", "--no-index", "--progress-jsonl"]


async def run_fetch(config: Config, progress: Callable[[int, int], None]) -> Outcome:
    """Fetch every feed; the outcome's report is ``storyline fetch --json``'s.

    A feed that failed is in the report, not an error: the exit status 1 it gives is
    expected, so only a missing report counts as the fetch failing.
    """
    outcome = await run_jsonl(fetch_command(config), progress, "fetch")
    if outcome.report:
        outcome.error = ""
    return outcome
