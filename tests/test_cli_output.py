"""What the subcommands print, as a careful user reads it: counts, complete entities,
headlines once, help with defaults, colour and paging manners, completion, the progress
bar, and CI's own clean-up (issue 12 items 5-9, 11 and 12)."""

from __future__ import annotations

import fcntl
import io
import json
import os
import pty
import re
import shutil
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from tui.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
LINKED = ROOT / "tests" / "fixtures" / "linked"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = tmp_path / "linked"
    shutil.copytree(LINKED, root, ignore=shutil.ignore_patterns("truth.yaml"))
    return root


def on_terminal(args: list[str], env: dict[str, str], rows: int = 200) -> tuple[int, str]:
    """Run storyline with standard output on a pseudo-terminal of ``rows`` lines."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, 120, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.DEVNULL,
        env={**clean, "TERM": "xterm", **env},
        cwd=ROOT,
    )
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=120), out.decode("utf-8", "replace")


# 5. mentions -------------------------------------------------------------------------------


def test_item5_mentions_counts_what_exists(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mentions", "Coastal Trade Union", "--limit", "2", "--corpus", str(linked)]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header == "6 articles mention ORG:coastal trade union; the newest 2 shown (--limit)"
    main(["mentions", "Coastal Trade Union", "--limit", "2", "--corpus", str(linked), "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 6 and len(data["articles"]) == 2


def test_item5_empty_name_and_zero_limit_are_refused(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["mentions", "", "--corpus", str(linked)]) == 1
    assert "the entity is empty" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["mentions", "Velkovan", "--limit", "0", "--corpus", str(linked)])
    assert exit_.value.code == 2
    assert "--limit: 0 is less than 1" in capsys.readouterr().err


# 6. entities --json for the corpus -------------------------------------------------------


def test_item6_corpus_entities_keep_aliases_and_values(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["entities", "--corpus", str(linked), "--json", "--limit", "500", "--all"])
    top = {e["key"]: e for e in json.loads(capsys.readouterr().out)["entities"]}
    assert "Velkovan" in top["PERSON:marta velkovan"]["aliases"]
    assert any(e["value"] for e in top.values() if e["label"] in ("DATE", "MONEY", "PERCENT"))
    # the same as the per-article list says
    main(["entities", "wire/port-fees", "--corpus", str(linked), "--json", "--all"])
    for entity in json.loads(capsys.readouterr().out)["entities"]:
        if entity["value"]:
            assert top[entity["key"]]["value"], entity


def test_item6_nationality_link_reaches_the_corpus_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text(
        "Belarusian officials met in Minsk on Monday.\nBelarus said the talks went well.\n"
    )
    main(["entities", "--corpus", str(tmp_path), "--json", "--all"])
    top = {e["key"]: e for e in json.loads(capsys.readouterr().out)["entities"]}
    norp = [e for e in top.values() if e["label"] == "NORP"]
    assert norp and all(e["link"] for e in norp)


# 7. refs --json ---------------------------------------------------------------------------


def test_item7_unresolved_reference_has_how_null(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["refs", "features/election-results", "--corpus", str(linked), "--json"])
    refs = json.loads(capsys.readouterr().out)["references"]
    unresolved = [r for r in refs if r["target"] is None]
    assert unresolved and all(r["how"] is None for r in unresolved)
    documented = {"id", "path", "title", "fuzzy", "self", None}
    assert all(r["how"] in documented for r in refs)


# 8. show --------------------------------------------------------------------------------


def test_item8_show_takes_a_path_or_an_id_with_its_suffix(
    linked: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = "Dockers Walk Out in Port Elsin, Halting Cargo Traffic"
    for word in ("wire/strike-begins.txt", str(linked / "wire" / "strike-begins.txt")):
        assert main(["show", word, "--corpus", str(linked)]) == 0, word
        assert capsys.readouterr().out.splitlines()[0] == expected
    assert main(["show", str(ROOT / "README.md"), "--corpus", str(linked)]) == 1
    assert "not in the corpus" in capsys.readouterr().err


@pytest.mark.parametrize(
    "name, text",
    [
        ("heading.md", "# Valdria Budget Passes\n\nThe Valdrian parliament passed it.\n"),
        ("quoted.txt", '"We Will Not Yield," Says Tamborin\n\nIlse Tamborin spoke in Orvel.\n'),
        ("front.md", "---\ntitle: Kessary Port Grows\n---\nKessary Port Grows\n\nIt grew.\n"),
    ],
)
def test_item8_headline_shows_once(
    name: str, text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / name).write_text(text)
    article = Path(name).stem
    assert main(["show", article, "--corpus", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    plain = data["title"].lstrip("# ").strip('"').casefold()
    assert all(plain not in p.casefold() for p in data["paragraphs"][:1]), data
    main(["show", article, "--corpus", str(tmp_path)])
    out = capsys.readouterr().out
    assert out.casefold().count(plain[:15]) == 1, out


# 9. --version, help, colour, paging, completion -----------------------------------------


def test_item9_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out == f"storyline {version('storyline')}\n"


def test_item9_every_option_has_help_and_shows_its_default() -> None:
    import argparse

    from tui.commands import COMMANDS

    checked = 0
    for name in COMMANDS:
        parser = build_parser(name)
        subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        for action in subparsers.choices[name]._actions:
            if not action.option_strings or action.help == argparse.SUPPRESS:
                continue
            checked += 1
            assert action.help, f"{name} {action.option_strings[0]} has no help"
            if action.default not in (None, False, [], argparse.SUPPRESS):
                assert f"default {action.default}" in action.help, (name, action.help)
    assert checked > 3 * len(COMMANDS)  # the options were really there to check


def test_item9_colour_only_on_a_terminal_and_never_with_no_color(linked: Path) -> None:
    args = ["search", "dockers", "--corpus", str(linked), "--no-pager"]
    status, out = on_terminal(args, {})
    assert status == 0 and "\x1b[1mDockers\x1b[0m" in out  # bold on a terminal
    for env, extra in (({"NO_COLOR": "1"}, []), ({}, ["--no-color"])):
        status, out = on_terminal(args + extra, env)
        assert status == 0 and "*Dockers*" in out and "\x1b[" not in out, (env, extra)
    piped = subprocess.run(
        [sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, cwd=ROOT
    )
    assert "*Dockers*" in piped.stdout and "\x1b[" not in piped.stdout


def test_item9_long_output_is_paged_on_a_terminal_only(linked: Path, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = {"PAGER": f"cat > {paged}"}
    status, out = on_terminal(["list", "--corpus", str(linked)], pager, rows=10)
    assert status == 0 and paged.read_text().count("\n") == 15  # 15 articles > 10 rows
    assert "wire/strike-begins" not in out
    paged.unlink()
    status, out = on_terminal(["list", "--corpus", str(linked)], pager, rows=40)
    assert not paged.exists() and "wire/strike-begins" in out  # fits: printed as is
    status, out = on_terminal(["list", "--corpus", str(linked), "--no-pager"], pager, rows=10)
    assert not paged.exists() and "wire/strike-begins" in out
    piped = subprocess.run(
        [sys.executable, "-m", "tui.cli", "list", "--corpus", str(linked)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **pager},
    )
    assert not paged.exists() and piped.stdout.count("\n") == 15


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_item9_completion_code_for_each_shell(
    shell: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["completion", shell]) == 0
    code = capsys.readouterr().out
    assert "storyline" in code and "_ARGCOMPLETE" in code


def test_item9_completion_answers_the_shell(tmp_path: Path) -> None:
    answers = tmp_path / "answers"

    def complete(line: str) -> list[str]:
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "_ARGCOMPLETE_STDOUT_FILENAME": str(answers),
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
        }
        subprocess.run([sys.executable, "-m", "tui.cli"], env=env, cwd=ROOT, timeout=60, check=True)
        return answers.read_text().split()

    assert "search" in complete("storyline se")
    assert "--limit" in complete("storyline mentions --li")
    assert {"bash", "zsh", "fish"} <= set(complete("storyline completion "))


# 11. .ci/run cleans up after itself -------------------------------------------------------


@pytest.mark.parametrize("tests_pass", [True, False])
def test_item11_ci_run_removes_its_cache_folder(tests_pass: bool, tmp_path: Path) -> None:
    """.ci/run with stand-ins for python3 and the tools; its temporary folder must go."""
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copy(ROOT / ".ci" / "run", repo / ".ci" / "run")
    tools = tmp_path / "bin"
    tools.mkdir()
    pytest_status = 0 if tests_pass else 1
    (tools / "python3").write_text(
        "#!/bin/sh\n"
        "mkdir -p .venv/bin\n"
        "for tool in pip ruff mypy python; do printf '#!/bin/sh\\nexit 0\\n' > .venv/bin/$tool; done\n"
        f"printf '#!/bin/sh\\nexit {pytest_status}\\n' > .venv/bin/pytest\n"
        "chmod +x .venv/bin/*\n"
    )
    (tools / "python3").chmod(0o755)
    temp = tmp_path / "tmp"
    temp.mkdir()
    done = subprocess.run(
        ["bash", str(repo / ".ci" / "run")],
        env={**os.environ, "PATH": f"{tools}:{os.environ['PATH']}", "TMPDIR": str(temp)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode == 0) == tests_pass, done.stderr
    assert list(temp.iterdir()) == []


# 12. the progress bar of `storyline index` -------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _draw(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO, width: int = 40) -> str:
    from tui.commands.output import ProgressBar

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(sys, "stderr", stderr)
    bar = ProgressBar("indexing")
    for done in range(0, 101, 25):
        bar(done, 100)
        if bar.progress is not None:
            bar.progress.refresh()
    bar.close()
    return stderr.getvalue()


def test_item12_progress_fits_the_terminal_and_shows_time_left(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    drawn = _draw(monkeypatch, _Terminal(), width=60)
    plain = ANSI.sub("", drawn)
    assert "50/100" in plain and "indexing" in plain
    assert "-:--:--" in plain or re.search(r"\d:\d\d:\d\d", plain)  # time left (rich)
    assert max(len(part) for part in re.split(r"[\r\n]", plain)) <= 60
    narrow = ANSI.sub("", _draw(monkeypatch, _Terminal(), width=30))
    assert max(len(part) for part in re.split(r"[\r\n]", narrow)) <= 30
    assert re.search(r"\x1b\[[0-9;]*3\dm|\x1b\[9\dm", drawn)  # coloured on a terminal


def test_item12_progress_follows_no_color_and_stays_off_a_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    drawn = _draw(monkeypatch, _Terminal())
    assert "50/100" in ANSI.sub("", drawn)
    assert not re.search(r"\x1b\[[0-9;]*3\dm|\x1b\[9\dm", drawn)
    monkeypatch.delenv("NO_COLOR")
    assert _draw(monkeypatch, io.StringIO()) == ""  # not a terminal: nothing at all
