"""Tests for the fictional benchmark corpus generator."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from benchmarks.generate import (
    MAX_WORDS,
    MIN_WORDS,
    TRUTH_FILE,
    GeneratedCorpus,
    generate,
    main,
    naive_texts,
)

N = 150


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _body(text: str) -> str:
    if text.startswith("---\n"):
        return text.split("\n---\n", 1)[1]
    return text


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> GeneratedCorpus:
    return generate(tmp_path_factory.mktemp("corpus"), N, seed=7)


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 60, seed=3)
    b = generate(tmp_path / "b", 60, seed=3)
    fa, fb = _files(a.out_dir), _files(b.out_dir)
    assert fa == fb
    assert TRUTH_FILE in fa


def test_different_seed_differs(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 60, seed=1)
    b = generate(tmp_path / "b", 60, seed=2)
    assert _files(a.out_dir) != _files(b.out_dir)


def test_counts_paths_and_ids(corpus: GeneratedCorpus) -> None:
    assert len(corpus.paths) == len(corpus.ids) == N
    assert len(set(corpus.ids)) == N
    for path, aid in zip(corpus.paths, corpus.ids, strict=True):
        assert path.is_file()
        assert path.suffix in (".txt", ".md")
        assert path.relative_to(corpus.out_dir).with_suffix("").as_posix() == aid
    # nested folders: source/year/file
    assert any(len(Path(a).parts) == 3 for a in corpus.ids)
    md = sum(p.suffix == ".md" for p in corpus.paths)
    assert 0.15 * N < md < 0.45 * N


def test_word_counts_in_range(corpus: GeneratedCorpus) -> None:
    counts = []
    for path in corpus.paths:
        words = len(_body(path.read_text(encoding="utf-8")).split())
        counts.append(words)
        assert MIN_WORDS <= words <= MAX_WORDS + 25, path  # + a headline line
    assert min(counts) < 400 < max(counts)


def test_plain_txt_like_seed(corpus: GeneratedCorpus) -> None:
    txt = [p for p in corpus.paths if p.suffix == ".txt"]
    no_headline = [p for p in txt if not corpus.title_in_file[corpus.ids[corpus.paths.index(p)]]]
    assert no_headline
    text = no_headline[0].read_text(encoding="utf-8")
    assert not text.startswith("---")
    assert "\n\n" not in text  # paragraphs separated by single newlines, like the seed
    assert text.endswith("\n")


def test_front_matter_parses(corpus: GeneratedCorpus) -> None:
    seen = 0
    for path in corpus.paths:
        if path.suffix != ".md":
            continue
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        fm = yaml.safe_load(text[4:].split("\n---\n", 1)[0])
        aid = path.relative_to(corpus.out_dir).with_suffix("").as_posix()
        assert fm["title"] == corpus.titles[aid]
        assert fm["date"] is not None
        assert isinstance(fm["tags"], list)
        assert isinstance(fm.get("see_also", []), list)
        seen += 1
    assert seen


def test_see_also_lines(corpus: GeneratedCorpus) -> None:
    body_edges = [e for e in corpus.see_also if e.where == "body"]
    glued = [e for e in body_edges if e.glued]
    assert glued and len(glued) < len(body_edges)
    kinds = {e.kind for e in corpus.see_also}
    assert {"exact", "dangling"} <= kinds
    assert kinds & {"case", "wording"}
    by_id = dict(zip(corpus.ids, corpus.paths, strict=True))
    titles_lower = {t.lower() for t in corpus.titles.values()}
    for e in body_edges:
        text = by_id[e.source].read_text(encoding="utf-8")
        line = f"SEE ALSO: {e.text}"
        assert line in text
        if e.glued:
            # glued straight onto the next sentence: no newline and no space after the title
            assert re.search(re.escape(line) + r"[\"A-Z]", text)
        else:
            assert line + "\n" in text
        if e.target is None:
            assert e.text.lower() not in titles_lower
        else:
            assert corpus.titles[e.target] == e.target_title
            assert e.target not in corpus.duplicates


def test_duplicates(corpus: GeneratedCorpus) -> None:
    assert corpus.duplicates
    by_id = dict(zip(corpus.ids, corpus.paths, strict=True))
    for dup, orig in corpus.duplicates.items():
        assert dup != orig
        assert by_id[dup].name != by_id[orig].name
        assert by_id[dup].read_bytes() == by_id[orig].read_bytes()


def test_entities_recorded(corpus: GeneratedCorpus) -> None:
    with_people = 0
    for aid, path in zip(corpus.ids, corpus.paths, strict=True):
        ents = corpus.entities[aid]
        text = path.read_text(encoding="utf-8")
        for name in ents["places"] + ents["orgs"] + ents["nationalities"]:
            assert name in text
        for name in ents["people"]:
            assert name.split()[-1] in text
        with_people += bool(ents["people"])
    assert with_people > N // 2


def test_truth_file(corpus: GeneratedCorpus) -> None:
    assert corpus.truth_path == corpus.out_dir / TRUTH_FILE
    truth = json.loads(corpus.truth_path.read_text(encoding="utf-8"))
    assert truth["n"] == N and truth["seed"] == 7
    assert [a["id"] for a in truth["articles"]] == corpus.ids
    assert truth["duplicates"] == corpus.duplicates
    assert len(truth["see_also"]) == len(corpus.see_also)


def test_naive_texts(corpus: GeneratedCorpus) -> None:
    rows = list(naive_texts(corpus.out_dir))
    assert len(rows) == N
    assert sorted(r[0] for r in rows) == sorted(corpus.ids)
    for aid, title, text in rows:
        assert text == corpus.paths[corpus.ids.index(aid)].read_text(encoding="utf-8")
        if corpus.title_in_file[aid]:
            assert title == corpus.titles[aid]
        else:
            assert title == ""


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "out"), "--n", "40", "--seed", "5"]) == 0
    assert (tmp_path / "out" / TRUTH_FILE).is_file()
    assert len(list(naive_texts(tmp_path / "out"))) == 40


@pytest.mark.parametrize("n", [1, 2, 20])
def test_tiny_corpora(tmp_path: Path, n: int) -> None:
    corpus = generate(tmp_path, n)
    assert len(corpus.paths) == n
    assert len(corpus.duplicates) == (1 if n >= 20 else 0)
