"""The reader's background index update: the subprocess and its JSON-lines progress."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from index.config import Config
from tui.indexer import Outcome, index_command, run_index
from tui.progress import Rate, clock
from tui.screens import background
from tui.widgets.status import StatusHeader

from .test_tui_support import app_for, settled

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


def test_rate_and_time_left_from_done_total_readings() -> None:
    rate = Rate()
    rate.update(0, 1000, now=10.0)
    assert rate.text() == "0/1,000"  # no rate yet: the count alone
    rate.update(250, 1000, now=12.5)
    assert rate.per_second == 100.0 and rate.seconds_left == 7.5
    assert rate.text() == "250/1,000 · 100/s · 0:08 left"
    rate.update(3, 100_000, now=20.0)  # fewer done than before: a new run starts here
    rate.update(4003, 100_000, now=30.0)
    assert rate.text() == "4,003/100,000 · 400/s · 4:00 left"
    assert clock(3725) == "1:02:05"


async def test_header_shows_rate_and_time_left_while_indexing(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The indexer's lines carry done/total only; the header works out the rest."""
    release = asyncio.Event()

    async def slow_index(config: Config, progress: Callable[[int, int], None]) -> Outcome:
        progress(0, 1000)
        await asyncio.sleep(0.1)
        progress(100, 1000)
        await release.wait()
        return Outcome()

    monkeypatch.setattr(background, "run_index", slow_index)
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            header = app.screen.query("#header")
            if header and header.first(StatusHeader).rate.done == 100:
                break
            await pilot.pause(0.02)
        await pilot.pause()
        header = app.screen.query_one("#header", StatusHeader)
        shown = str(header.query_one("#index-rate", Static).render())
        found = re.fullmatch(r"100/1,000 · ([\d,]+)/s · (\d+):(\d\d) left", shown)
        assert found, shown
        per_second = int(found[1].replace(",", ""))
        left = int(found[2]) * 60 + int(found[3])
        assert 0 < per_second <= 1000  # 100 articles in at least 0.1 s
        assert abs(left - 900 / header.rate.per_second) <= 1
        assert header.query_one("#index-rate").display
        release.set()
        screen = await settled(pilot)
        assert screen.index_state == "fresh"
        assert not header.query_one("#index-rate").display
        assert not header.query_one("#index-progress").display


def test_rate_says_finishing_once_the_count_is_complete() -> None:
    rate = Rate()
    rate.update(0, 40, now=0.0)
    rate.update(40, 40, now=2.0)
    assert rate.text() == "40/40 · finishing"


async def test_first_launch_shows_headlines_and_says_what_it_does(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before the first build the list shows headlines read from the files, not file names,
    and the header says what the indexer is doing while no count moves."""
    release = asyncio.Event()

    async def slow_index(config: Config, progress: Callable[[int, int], None]) -> Outcome:
        await release.wait()
        return Outcome()

    monkeypatch.setattr(background, "run_index", slow_index)
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            screen = app.screen
            rows = getattr(getattr(screen, "articles", None), "rows", [])
            if rows and all(row.title != row.id for row in rows):
                break
            await pilot.pause(0.05)
        titles = {row.title for row in app.screen.articles.rows}
        assert "Norvania Raises Port Fees Amid Shipping Slump" in titles
        header = app.screen.query_one("#header", StatusHeader)
        assert "reading the folder" in str(header.query_one("#index-rate", Static).render())
        header.set_progress(4, 4)
        assert "finishing: entities" in str(header.query_one("#index-rate", Static).render())
        release.set()
        screen = await settled(pilot)
        assert screen.index_state == "fresh"
