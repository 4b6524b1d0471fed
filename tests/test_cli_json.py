"""The JSON of every subcommand, checked against the schemas in tui/commands/schemas/.

The README promises "stable; new keys may be added, existing ones keep their meaning": each
schema requires every documented key with its type (and allows new ones), so a renamed,
dropped or retyped key fails here. Run on the fictional linked corpus.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.test_fetch import server  # noqa: F401 - the local feed server fixture
from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "tui" / "commands" / "schemas"
LINKED = ROOT / "tests" / "fixtures" / "linked"


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(loaded)
    return loaded


def check(name: str, data: Any) -> None:
    jsonschema.validate(data, schema(name), cls=jsonschema.Draft202012Validator)


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = tmp_path / "linked"
    shutil.copytree(LINKED, root, ignore=shutil.ignore_patterns("truth.yaml"))
    return root


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    status = main(list(argv))
    return status, json.loads(capsys.readouterr().out)


def test_every_json_subcommand_has_a_schema() -> None:
    from tui.commands import COMMANDS

    with_json = set(COMMANDS) - {"completion"}
    have = {p.name.split(".")[0] for p in SCHEMAS.glob("*.schema.json")}
    assert with_json <= have, f"no schema for {sorted(with_json - have)}"


def test_index_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (linked / "empty.txt").write_bytes(b"")
    status, data = run_json(capsys, "index", "--corpus", str(linked), "--json")
    assert status == 0
    check("index", data)
    assert data["skipped"]  # the empty file, so the problem objects are checked too


def test_index_progress_jsonl(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", "--corpus", str(linked), "--progress-jsonl"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for line in lines:
        check("index-progress", line)
    assert "report" in lines[-1] and len(lines) > 1


def test_list_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "list", "--corpus", str(linked), "--json")
    assert status == 0 and data["count"] == 15
    check("list", data)


def test_show_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "show", "wire/port-fees", "--corpus", str(linked), "--json")
    assert status == 0
    check("show", data)


def test_search_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "search", "dockers", "--corpus", str(linked), "--json")
    assert status == 0 and data["hits"]
    check("search", data)
    status, data = run_json(capsys, "search", "zzzqx", "--corpus", str(linked), "--json")
    assert status == 1 and data["hits"] == []  # ran, found nothing
    check("search", data)


def test_related_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(
        capsys, "related", "wire/strike-ends", "--corpus", str(linked), "--json"
    )
    assert status == 0 and data["related"]
    check("related", data)


def test_refs_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for article in ("wire/strike-ends", "features/election-results", "features/sokolova-profile"):
        status, data = run_json(capsys, "refs", article, "--corpus", str(linked), "--json")
        assert status == 0
        check("refs", data)


def test_mentions_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "mentions", "Marta Velkovan", "--corpus", str(linked), "--json")
    assert status == 0 and data["articles"]
    check("mentions", data)


def test_entities_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "entities", "--corpus", str(linked), "--json")
    assert status == 0 and data["entities"]
    check("entities", data)
    status, data = run_json(capsys, "entities", "wire/port-fees", "--corpus", str(linked), "--json")
    assert status == 0 and data["entities"]
    check("entities", data)


def test_extract_json_lines() -> None:
    lines = (
        '{"id": 7, "text": "Transport Minister Marta Velkovan spent $40 million in Norvania."}\n'
    )
    done = subprocess.run(
        [sys.executable, "-m", "tui.cli", "extract"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    for line in done.stdout.splitlines():
        check("extract", json.loads(line))


def test_doctor_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(capsys, "doctor", "--corpus", str(linked), "--json")
    assert status == 1  # no index yet: a finding with a fix
    check("doctor", data)
    main(["index", "--corpus", str(linked)])
    capsys.readouterr()
    status, data = run_json(capsys, "doctor", "--corpus", str(linked), "--json")
    assert status == 0 and data["ok"]
    check("doctor", data)


def test_a_schema_catches_a_dropped_key() -> None:
    """The check can fail: a list entry without its date is refused."""
    with pytest.raises(jsonschema.ValidationError):
        check("list", {"count": 1, "articles": [{"id": "a", "title": "A", "source": ""}]})


def test_timeline_json(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, data = run_json(
        capsys, "timeline", "wire/strike-ends", "--corpus", str(linked), "--json"
    )
    assert status == 0 and data["story"]
    check("timeline", data)
    status, data = run_json(capsys, "timeline", "Marta Velkovan", "--corpus", str(linked), "--json")
    assert status == 0 and data["months"]
    check("timeline", data)


def test_fetch_json(server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    config = tmp_path / "config.yaml"
    config.write_text(
        f"feeds: ['{server}/atom']\nfeeds_dir: {tmp_path / 'f'}\nindex_dir: {tmp_path / 'i'}\n"
        "fetch: {delay: 0}\ncorpus: []\n"
    )
    status, data = run_json(capsys, "fetch", "--json", "--config", str(config))
    assert status == 0
    check("fetch", data)
    status, data = run_json(capsys, "fetch", "--json", "--no-index", "--config", str(config))
    check("fetch", data)  # index: null
