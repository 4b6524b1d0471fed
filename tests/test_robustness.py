"""A damaged index, a killed build, two processes at once: nothing lost, nothing crashes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.generate import generate
from index.search import Searcher
from index.store.store import Store
from index.update import update_index


def cli(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
        **kwargs,  # type: ignore[call-overload]
    )


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "corpus"
    generate(root, 600, seed=3)
    return root


def fresh_store(corpus: Path, tmp_path: Path) -> Store:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    return store


def indexed_ids(store: Store) -> set[str]:
    assert store.catalog is not None
    return {s.id for s in store.catalog.summaries()}


@pytest.mark.parametrize("damage", ["truncate", "delete", "garbage", "toc", "toc-garbage"])
def test_damaged_index_is_detected_and_rebuilt(corpus: Path, tmp_path: Path, damage: str) -> None:
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    expected = indexed_ids(store)
    store.close()
    whoosh = tmp_path / "index" / "whoosh"
    segment = next(whoosh.glob("*.seg"))
    if damage == "truncate":
        segment.write_bytes(segment.read_bytes()[:100])
    elif damage == "delete":
        segment.unlink()
    elif damage == "garbage":
        data = bytearray(segment.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 64] = os.urandom(64)
        segment.write_bytes(bytes(data))
    elif damage == "toc":
        for toc in whoosh.glob("*.toc"):
            toc.unlink()
    else:
        for toc in whoosh.glob("*.toc"):
            toc.write_bytes(os.urandom(200))

    again = Store(tmp_path / "index", [corpus])
    reason = again.open()
    assert reason, "damage must be detected when the index is opened"
    report = update_index(again)
    assert report.rebuilt == reason
    assert indexed_ids(again) == expected
    assert Searcher(again).search("dockers").total == 2


def test_undamaged_index_is_not_rebuilt(corpus: Path, tmp_path: Path) -> None:
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    store.close()
    again = Store(tmp_path / "index", [corpus])
    assert again.open() == ""


def test_catalog_behind_the_full_text_index_is_mended(corpus: Path, tmp_path: Path) -> None:
    """As after a kill between the Whoosh commit and the catalog commit."""
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    assert store.catalog is not None
    store.catalog.delete(["orchards"])
    store.catalog.commit()
    store.close()
    again = Store(tmp_path / "index", [corpus])
    assert again.open() == ""
    report = update_index(again)
    assert report.added == 1
    assert "orchards" in indexed_ids(again)
    assert Searcher(again).search("orchard").total == 1


@pytest.mark.parametrize("delay", [0.2, 1.0, 2.0, 3.5, 5.0])
def test_build_killed_at_any_moment_leaves_a_usable_index(
    big_corpus: Path, tmp_path: Path, delay: float
) -> None:
    build = cli("index", "--corpus", str(big_corpus))
    time.sleep(delay)
    build.send_signal(signal.SIGKILL)
    build.wait()
    finish = cli("index", "--corpus", str(big_corpus), "--json")
    out, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, err
    report = json.loads(out)
    assert "LockError" not in err and "Traceback" not in err
    assert report["skipped"] == []
    check = cli("list", "--corpus", str(big_corpus), "--json")
    listing, _ = check.communicate(timeout=120)
    assert json.loads(listing)["count"] == 600
    search = cli("search", "said", "--corpus", str(big_corpus), "--json")
    result, _ = search.communicate(timeout=120)
    assert json.loads(result)["total"] > 0


def test_two_processes_at_once(big_corpus: Path, tmp_path: Path) -> None:
    first = cli("index", "--corpus", str(big_corpus), "--json")
    time.sleep(0.3)
    second = cli("index", "--corpus", str(big_corpus), "--json")
    reader = cli("search", "said", "--corpus", str(big_corpus), "--json")
    outputs = [p.communicate(timeout=300) for p in (first, second, reader)]
    for process, (_, err) in zip((first, second, reader), outputs, strict=True):
        # The search may run on an index still empty: status 1, ran and found nothing.
        assert process.returncode in ((0, 1) if process is reader else (0,)), err
        assert "LockError" not in err and "Traceback" not in err
    reports = [json.loads(out) for out, _ in outputs[:2]]
    # Whoever got the lock first did the work (the reader may have); nobody did it twice.
    assert sum(r["added"] for r in reports) <= 600
    assert json.loads(outputs[2][0])["error"] == ""
    check = cli("list", "--corpus", str(big_corpus), "--json")
    listing, _ = check.communicate(timeout=120)
    assert json.loads(listing)["count"] == 600


def test_reader_does_not_wait_for_a_writer(corpus: Path, tmp_path: Path) -> None:
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    other = Store(tmp_path / "index", [corpus])
    other.open()
    (corpus / "late.txt").write_text("Valdrian ferry operators announced a route.\n")
    with store.lock():
        report = update_index(other, wait=False)
    assert report.busy
    assert "late" not in indexed_ids(other)
    assert update_index(other, wait=False).added == 1


def test_index_is_written_only_under_its_folder(corpus: Path, tmp_path: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in corpus.rglob("*")}
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    update_index(store, rebuild=True)
    assert {p: p.stat().st_mtime_ns for p in corpus.rglob("*")} == before
    written = {p.name for p in tmp_path.iterdir()} - {"corpus", "cache"}
    assert written == {"index", "index.lock"}


def test_whole_hostile_corpus_still_opens(corpus: Path, tmp_path: Path) -> None:
    bad = corpus / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "spaces.txt").write_bytes(b"   \n\n\t ")
    (bad / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000))
    (bad / "latin1.txt").write_bytes("Caf\xe9 owners in Valdria protested.".encode("latin-1"))
    (bad / "wide.txt").write_bytes("Valdria votes today.\nThe count begins.".encode("utf-16"))
    (bad / "nul.txt").write_bytes(b"Valdria\x00 harvest festival opens.\nCrowds came.")
    (bad / "long-line.txt").write_bytes(b"word " * 4_000_000)  # one 20 MB line
    (bad / "title.md").write_bytes(b"---\ntitle: " + b"Long " * 5000 + b"\n---\nBody.\n")
    deep = bad
    for level in range(60):
        deep = deep / f"d{level}"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Deep in the Valdrian archive, a story.")
    (bad / "loop").symlink_to(bad, target_is_directory=True)
    (bad / "a.txt").symlink_to(bad / "b.txt")
    (bad / "b.txt").symlink_to(bad / "a.txt")
    (bad / "yaml.md").write_bytes(b"---\n: : :\n---\nBody survives.\n")
    (bad / "obj.md").write_bytes(b"---\ntitle: !!python/object:os.system x\n---\nBody.\n")
    (bad / "types.md").write_bytes(b"---\ndate: yesterday\ntags: 5\n---\nTyped body.\n")
    (bad / "ansi.txt").write_text(
        "Title \x1b]8;;http://x.invalid\x07link\x1b]8;;\x07\nBody \x1b[5mblink\n"
    )
    (bad / "markup.txt").write_text(
        "[b]Breaking[/b] [Updated] $5bn [@click=app.quit]x\nBody [/].\n"
    )

    store = fresh_store(corpus, tmp_path)
    report = update_index(store)
    skipped = {Path(p.path).name for p in report.skipped}
    assert {"empty.txt", "spaces.txt", "image.txt", "a.txt", "b.txt"} <= skipped
    ids = indexed_ids(store)
    for name in ("latin1", "wide", "nul", "long-line", "title", "deep", "yaml", "obj", "types"):
        assert any(i.endswith(name) for i in ids), name
    assert store.catalog is not None
    markup = store.catalog.article("bad/markup")
    assert (
        markup is not None and markup.title == "[b]Breaking[/b] [Updated] $5bn [@click=app.quit]x"
    )
    ansi = store.catalog.article("bad/ansi")
    assert ansi is not None and "\x1b" not in ansi.title + ansi.body
    long_line = next(i for i in ids if i.endswith("long-line"))
    article = store.catalog.article(long_line)
    assert article is not None and len(article.body) <= 2_000_000
    assert not any("loop" in i for i in ids)


def test_many_tiny_files(tmp_path: Path) -> None:
    root = tmp_path / "tiny"
    root.mkdir()
    for n in range(50_000):
        folder = root / f"f{n // 1000}"
        if n % 1000 == 0:
            folder.mkdir()
        (folder / f"{n}.txt").write_text(f"Note {n} from the Valdrian archive.")
    from index.corpus.files import find_files

    files, problems = find_files([root])
    assert len(files) == 50_000 and problems == []
    shutil.rmtree(root)


def test_reader_opening_during_a_commit_does_not_wipe_the_index(
    corpus: Path, tmp_path: Path
) -> None:
    """Damage seen while another process holds the lock is looked at again under it."""
    store = fresh_store(corpus, tmp_path)
    update_index(store)
    expected = indexed_ids(store)
    seen: list[str] = []
    reader = Store(tmp_path / "index", [corpus])
    reader.on_wait = lambda: seen.append("waited")
    # A half-written catalog/index pair is what a reader may see mid-commit: mismatched
    # counts. With the writer's lock held, the reader must leave it alone.
    assert store.catalog is not None
    with store.lock():
        reader_reason = reader.open()
        assert reader_reason == ""
        assert indexed_ids(reader) == expected
    assert seen == []


def test_ctrl_c_keeps_what_was_indexed(big_corpus: Path, tmp_path: Path) -> None:
    build = cli("index", "--corpus", str(big_corpus))
    time.sleep(2.5)
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=120)
    if build.returncode == 0:
        pytest.skip("the build finished before the interrupt")
    assert build.returncode == 130
    assert "interrupted; what was indexed so far is kept" in err
    assert "Traceback" not in err
    finish = cli("index", "--corpus", str(big_corpus), "--json")
    out, err = finish.communicate(timeout=300)
    assert finish.returncode == 0, err
    check = cli("list", "--corpus", str(big_corpus), "--json")
    listing, _ = check.communicate(timeout=120)
    assert json.loads(listing)["count"] == 600
