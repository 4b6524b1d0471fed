from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tui.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
    )


def test_index_then_search_json(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--corpus", str(corpus), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 4 and report["skipped"] == []
    assert main(["search", "harbour fees", "--corpus", str(corpus), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["total"] == 1
    hit = result["hits"][0]
    assert hit["id"] == "wire/port-fees"
    assert set(hit) == {"id", "title", "score", "date", "source", "snippet", "spans"}


def test_show_and_list(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "wire/2024/harbour-strike", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "See also:\n  - Norvania Raises Port Fees Amid Shipping Slump" in out
    assert main(["list", "--json", "--corpus", str(corpus)]) == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["count"] == 4
    assert listing["articles"][0]["id"] == "kessary-terminal"  # dated articles first


def test_show_unknown_id(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "nope", "--corpus", str(corpus)]) == 1
    assert "no article with id 'nope'" in capsys.readouterr().err


def test_index_reports_skipped_files(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    assert main(["index", "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert "1 skipped" in out and "empty.txt: empty" in out


def test_seed_end_to_end_in_a_subprocess() -> None:
    done = run("search", "Lukashenko", "--corpus", str(SEED.parent), "--json")
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)["hits"]
    assert [h["id"] for h in hits] == ["000_5be82495d6addb6d"]


def test_subcommands_do_not_import_textual(corpus: Path) -> None:
    code = (
        "import sys; from tui.cli import main; "
        f"main(['search', 'ferry', '--corpus', {str(corpus)!r}]); "
        "print('TEXTUAL' if any(m.startswith('textual') for m in sys.modules) else 'CLEAN')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip().endswith("CLEAN"), done.stderr


def test_index_package_never_imports_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, index; "
        "[importlib.import_module('index.' + m.name) for m in pkgutil.iter_modules(index.__path__)]; "
        "print(sorted(m for m in sys.modules if m.startswith(('textual', 'tui'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


def test_bad_config_is_reported_not_raised(tmp_path: Path, corpus: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("search:\n  limit: lots\n")
    done = run("--config", str(config), "list", "--corpus", str(corpus))
    assert done.returncode == 0
    assert f"{config}:2: search.limit" in done.stderr
    missing = run("--config", str(tmp_path / "none.yaml"), "list")
    assert missing.returncode == 2 and "cannot read config" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_doctor(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--corpus", str(corpus), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert any("no index yet" in f["message"] for f in report["findings"])

    (corpus / "empty.txt").write_bytes(b"")
    main(["index", "--corpus", str(corpus)])
    capsys.readouterr()
    assert main(["doctor", "--corpus", str(corpus), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    bad = [f["message"] for f in report["findings"] if not f["ok"]]
    assert len(bad) == 1 and "empty.txt" in bad[0]

    (corpus / "empty.txt").unlink()
    (corpus / "new.txt").write_text("Valdrian ferry operators announced a route.\n")
    main(["doctor", "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert "index is stale: 1 new or touched files" in out
    assert f"fix: run: storyline --corpus {corpus} index" in out  # with the options given


def test_extract_json_lines_from_stdin() -> None:
    lines = (
        '{"id": "a", "text": "Transport Minister Marta Velkovan said on April 10 that Norvania'
        ' would spend $40 million."}\nnot json\n{"id": "b"}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "extract"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1  # two bad lines, reported by number
    assert "stdin:2:" in done.stderr and "stdin:3:" in done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a"]
    found = {(e["label"], e["text"]) for e in out[0]["entities"]}
    assert ("PERSON", "Marta Velkovan") in found
    assert ("MONEY", "$40 million") in found
    entity = out[0]["entities"][0]
    assert set(entity) == {"start", "end", "text", "label", "key", "name"}


def test_extract_files_and_entities(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEED)]) == 0
    table = capsys.readouterr().out
    assert "PERSON      6  Aleksandr Lukashenko  [Lukashenko]" in table
    assert main(["entities", "wire/port-fees", "--corpus", str(corpus), "--json"]) == 0
    names = {e["name"] for e in json.loads(capsys.readouterr().out)["entities"]}
    assert "Marta Velkovan" in names
    assert main(["entities", "--corpus", str(corpus), "--json", "--limit", "3"]) == 0
    top = json.loads(capsys.readouterr().out)["entities"]
    assert len(top) == 3 and all("articles" in e for e in top)
