"""The reader's background index update: the subprocess and its JSON-lines progress."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from index.config import Config
from tui.indexer import index_command, run_index

ROOT = Path(__file__).resolve().parent.parent


def test_index_progress_jsonl_prints_progress_then_the_report(corpus: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01" * 200)
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--corpus", str(corpus), "index", "--progress-jsonl"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = [json.loads(line) for line in out.splitlines()]
    progress = [line for line in lines if "done" in line]
    assert progress[0] == {"done": 0, "total": 5}  # four articles and the broken file
    assert progress[-1] == {"done": 5, "total": 5}
    report = lines[-1]["report"]
    assert report["added"] == 4
    assert [p["path"].endswith("broken.txt") for p in report["skipped"]] == [True]


def test_command_matches_the_readers_configuration(corpus: Path, tmp_path: Path) -> None:
    defaults = index_command(Config(path=None, corpus=(corpus,)))
    assert defaults[1:] == [
        "-m",
        "tui.cli",
        "--config",
        "/dev/null",
        "--corpus",
        str(corpus),
        "index",
        "--progress-jsonl",
    ]
    config_file = tmp_path / "config.yaml"
    named = index_command(Config(path=config_file, corpus=(corpus,)))
    assert named[named.index("--config") + 1] == str(config_file)


async def test_run_index_streams_progress_and_returns_the_report(corpus: Path) -> None:
    seen: list[tuple[int, int]] = []
    outcome = await run_index(Config(path=None, corpus=(corpus,)), lambda d, t: seen.append((d, t)))
    assert outcome.error == ""
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)
    assert outcome.report["added"] == 4
    again = await run_index(Config(path=None, corpus=(corpus,)), lambda d, t: None)
    assert again.report["unchanged"] == 4 and again.report["added"] == 0


async def test_a_failing_update_is_reported_not_raised(tmp_path: Path) -> None:
    missing = Config(path=tmp_path / "no-such-config.yaml", corpus=(tmp_path,))
    outcome = await run_index(missing, lambda d, t: None)
    assert outcome.error.startswith("index update failed:")
