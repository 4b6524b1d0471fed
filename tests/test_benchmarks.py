"""The benchmark harness runs end to end at a tiny size. It measures; nothing here checks timing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
    for name in ("cold index", "reopen unchanged", "one file changed", "search p95"):
        assert isinstance(by_name[name]["storyline"], float), name
        assert isinstance(by_name[name]["baseline"], float), name
    assert report["steps"]["cold_storyline"]["added"] == 60
    assert report["steps"]["reopen"]["changed"] == 0
    assert report["steps"]["one_changed"]["updated"] >= 1
    assert "cold index" in done.stdout and "TUI interactive" in done.stdout
