"""The benchmark harness runs end to end at a tiny size. It measures; nothing here checks timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import ORDER, ROWS

ROOT = Path(__file__).resolve().parent.parent


def test_harness_reports_every_step(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--n", "60", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())

    assert report["n"] == 60 and report["seed"] == 0 and report["quick"] is True
    for key in ("cpu_count", "python", "platform"):
        assert report["machine"][key]
    assert set(report["steps"]) == set(ORDER)
    assert [row["step"] for row in report["rows"]] == [row[0] for row in ROWS]
    for row in report["rows"]:
        for key in ("storyline", "baseline", "ratio", "rss_mb"):
            value = row[key]
            assert isinstance(value, float) or value == "n/a", (row["step"], key, value)
    by_name = {row["step"]: row for row in report["rows"]}
    # What exists today must give numbers; only modules still being written may be "n/a".
    for name in (
        "cold index",
        "reopen unchanged",
        "one file changed",
        "search p95",
        "storyline --help",
    ):
        assert isinstance(by_name[name]["storyline"], float), name
        assert isinstance(by_name[name]["baseline"], float), name
    assert report["steps"]["cold_storyline"]["added"] == 60
    assert report["steps"]["reopen"]["changed"] == 0
    assert report["steps"]["one_changed"]["updated"] >= 1
    assert "cold index" in done.stdout and "TUI interactive" in done.stdout


def test_rounds_start_cold_and_report_the_median_round(tmp_path: Path) -> None:
    """``--rounds 3``: each round builds its index from nothing (a second cold build over
    the first's index would take no time), and the row shown is the median round's."""
    out = tmp_path / "bench.json"
    command = [sys.executable, "-m", "benchmarks.run", "--n", "40", "--quick", "--rounds", "3"]
    command += ["--only", "cold_naive,cold_storyline", "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text())
    assert len(report["steps"]) == 3
    assert all(r["cold_storyline"]["added"] == 40 for r in report["steps"])
    row = next(r for r in report["rows"] if r["step"] == "cold index")
    assert len(row["rounds"]) == 3 and row["ratio"] == sorted(row["rounds"])[1]
    assert "ratio in each round" in done.stdout


def test_the_median_round_of_an_even_count_is_the_lower_middle() -> None:
    from benchmarks.rounds import median_rows

    rounds = [[{"step": "x", "ratio": r}] for r in (1.9, 1.2, 1.5, 1.4)]
    assert median_rows(rounds)[0]["ratio"] == 1.4
    rounds = [[{"step": "x", "ratio": 1.2}], [{"step": "x", "ratio": "n/a"}]]
    assert median_rows(rounds)[0]["ratio"] == 1.2  # not every round has one: the first


def test_a_timed_row_also_gives_the_ratio_of_each_sides_fastest_run() -> None:
    from benchmarks.rounds import median_rows, rounds_lines

    runs = [(7.0, 4.6), (9.0, 4.5), (7.5, 7.1)]  # a burst slowed naive Whoosh in round 3
    rounds = [
        [{"step": "cold", "unit": "s", "storyline": s, "baseline": b, "ratio": s / b}]
        for s, b in runs
    ]
    row = median_rows(rounds)[0]
    assert row["ratio"] == 7.0 / 4.6  # the median round is still the figure
    assert row["fastest"] == 7.0 / 4.5
    assert "(fastest of each side: 1.56)" in rounds_lines([row])
    shares = [[{"step": "x", "unit": "share", "storyline": 1.0, "baseline": 0.4, "ratio": 2.5}]]
    assert "fastest" not in median_rows(shares)[0]  # not a time


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_a_steps_peak_is_its_own_not_the_harness_peak() -> None:
    # A process started by subprocess inherits its parent's peak in ru_maxrss; the harness
    # ran its 100k build step right after generating the corpus and reported that peak.
    script = (
        "import subprocess, sys\n"
        "held = bytearray(300 * 1024 * 1024)\n"
        "for i in range(0, len(held), 4096): held[i] = 1\n"
        "del held\n"
        "code = 'from benchmarks.memory import peak_rss_kb; print(peak_rss_kb())'\n"
        "print(subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,"
        " check=True).stdout)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) < 150 * 1024  # kB: the child's own few tens of MB, not 300 MB


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM is Linux's")
def test_memtrace_says_where_a_build_reaches_its_peak(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.memtrace",
            "tests/fixtures/linked",
            str(tmp_path / "ix"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[-1].startswith("done: ") and " added in " in lines[-1]
    assert any(" peak " in line and ".py:" in line for line in lines[:-1])
