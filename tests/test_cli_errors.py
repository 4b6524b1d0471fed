"""A careful user's mistakes: each one line naming the thing, the problem and the fix, with
the exit status of the rule (0 found, 1 nothing or refused, 2 usage, 3 corpus or index
unusable, 4 internal error with a log), and never a traceback."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command in a subprocess with no terminal (stdin from /dev/null, as in CI)."""
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        cwd=ROOT,
    )


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# 1. An index folder that cannot be made --------------------------------------------------


@pytest.mark.parametrize("where", ["under-a-file", "proc"])
def test_item1_index_folder_that_cannot_be_made(
    where: str, tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "afile").write_text("")
    index_dir = tmp_path / "afile" / "idx" if where == "under-a-file" else Path("/proc/x")
    config = tmp_path / "c.yaml"
    config.write_text(f"corpus: [{corpus}]\nindex_dir: {index_dir}\n")
    for command in ("list", "index"):
        assert main(["--config", str(config), command]) == 3
        message = one_line(capsys.readouterr().err)
        assert str(index_dir) in message and f"index_dir: at {config}:2" in message
    # doctor names it and a fix; it does not advise `storyline index`, which would fail
    assert main(["--config", str(config), "doctor"]) == 1
    out = capsys.readouterr().out
    assert f"index folder {index_dir} cannot be used" in out
    assert f"fix: set index_dir: at {config}:2" in out and "storyline index" not in out


# 2. A missing corpus -----------------------------------------------------------------------


@pytest.mark.parametrize("command", [["list"], ["search", "ferry"], ["entities"], ["index"]])
def test_item2_missing_corpus_is_refused(
    command: list[str], tmp_path: Path, isolated_cache: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nope = tmp_path / "nope"
    assert main([*command, "--corpus", str(nope)]) == 3
    message = one_line(capsys.readouterr().err)
    assert f"corpus {nope}: no such file or folder" in message
    assert not isolated_cache.exists()  # no cache folder made for it


def test_item2_empty_corpus_finds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["list", "--corpus", str(empty)]) == 1
    assert f"no articles in {empty}" in capsys.readouterr().err


# 3. A broken config ------------------------------------------------------------------------


def test_item3_broken_yaml_falls_back_to_the_shipped_seeds(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("corpus: [unclosed\n")
    done = run("--config", str(config), "list")
    assert done.returncode == 0, done.stderr
    assert "000_5be82495d6addb6d" in done.stdout  # the seed, not a "seeds" beside the file
    assert f"{config}:2:" in done.stderr and "using the built-in defaults" in done.stderr


def test_item3_unknown_keymap_id_and_theme_are_warned(
    tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.yaml"
    config.write_text(
        f"corpus: [{corpus}]\nkeymap:\n  serch: ctrl+f\n  quit: ctrl+q\ntheme: no-such-theme\n"
    )
    assert main(["--config", str(config), "list"]) == 0
    err = capsys.readouterr().err
    assert f"{config}:3: keymap.serch: unknown binding id (did you mean search?" in err
    assert f"{config}:5: theme: unknown theme 'no-such-theme'" in err
    assert "keymap.quit" not in err
    assert main(["--config", str(config), "doctor"]) == 1
    assert f"fix: edit {config} line 3" in capsys.readouterr().out


# 4. doctor's advice keeps the options given -----------------------------------------------


def test_item4_doctor_fix_works_when_copied(tmp_path: Path, corpus: Path) -> None:
    spaced = tmp_path / "my news"
    corpus.rename(spaced)
    done = run("doctor", "--corpus", str(spaced))
    assert done.returncode == 1
    fix = next(line for line in done.stdout.splitlines() if "fix: run: " in line)
    command = fix.split("fix: run: ", 1)[1]
    assert command == f"storyline --corpus {shlex.quote(str(spaced))} index"
    argv = shlex.split(command)[1:]
    copied = run(*argv)
    assert copied.returncode == 0, copied.stderr
    assert run("doctor", "--corpus", str(spaced)).returncode == 0


# 10. A mistyped command, a missing PATH, no terminal --------------------------------------


def test_item10_mistyped_subcommand_is_a_usage_error() -> None:
    done = run("serch", "ferry")  # used to open the reader on a corpus named "serch"
    assert done.returncode == 2
    message = one_line(done.stderr)
    assert "'serch' is neither a subcommand nor a file or folder" in message
    assert "did you mean `storyline search`?" in message


def test_item10_missing_path_says_so(tmp_path: Path) -> None:
    done = run(str(tmp_path / "nowhere"))
    assert done.returncode == 3
    assert f"{tmp_path / 'nowhere'}: no such file or folder" in one_line(done.stderr)


def test_item10_reader_refuses_to_start_without_a_terminal(corpus: Path) -> None:
    done = run(str(corpus))  # used to spin at 100% CPU until killed
    assert done.returncode == 2
    assert "the reader needs a terminal" in one_line(done.stderr)


# Internal errors ----------------------------------------------------------------------------


def test_internal_error_is_logged_not_shown(
    corpus: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tui.commands import corpus_commands

    def broken(*_: object) -> int:
        raise RuntimeError("the catalog fell over")

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(corpus_commands, "cmd_list", broken)
    assert main(["list", "--corpus", str(corpus)]) == 4
    message = one_line(capsys.readouterr().err)
    log = tmp_path / "state" / "storyline" / "errors.log"
    assert "internal error (RuntimeError: the catalog fell over)" in message
    assert str(log) in message
    assert "Traceback" in log.read_text() and "the catalog fell over" in log.read_text()


def test_unknown_id_is_refused_in_one_line(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("show", "related", "refs", "entities"):
        assert main([command, "nope", "--corpus", str(corpus)]) == 1
        assert "no article with id 'nope'" in one_line(capsys.readouterr().err)


def test_doctor_names_each_broken_setup_with_a_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("search:\n  limit: [unclosed\n")
    assert main(["--config", str(broken), "doctor"]) == 1
    out = capsys.readouterr().out
    assert f"!!  config: {broken}:" in out and f"fix: edit {broken} line" in out

    missing = tmp_path / "c.yaml"
    missing.write_text("corpus: [gone]\n")
    assert main(["--config", str(missing), "doctor"]) == 1
    out = capsys.readouterr().out
    assert f"corpus path does not exist: {tmp_path / 'gone'}" in out
    assert f"fix: edit corpus: at {missing}:1" in out
    assert "storyline index" not in out  # it would fail: fix the corpus first
