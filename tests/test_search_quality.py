"""Search answers that are right and never slow: counts, fuzzy words, suggestions, accents,
and queries built to hurt. Fictional articles throughout (invented places and people)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index import search as search_module
from index.search import Searcher
from index.store import spelling
from tests.conftest import built
from tui.cli import main

FERRY = "The ferry to Port Elsin left late on {day}. Ferry workers in Norvania blamed the wind."
OTHER = "Orchard growers in Valdria picked apples on {day}; the harvest was late."
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """25 articles about a ferry, 15 about orchards, two with accents."""
    root = tmp_path / "many"
    root.mkdir()
    for i in range(25):
        (root / f"ferry-{i:02}.txt").write_text(FERRY.format(day=DAYS[i % 7]) + f" Trip {i}.\n")
    for i in range(15):
        (root / f"orchard-{i:02}.txt").write_text(OTHER.format(day=DAYS[i % 7]) + "\n")
    (root / "zurich.txt").write_text("Delegates met in Zürich to discuss a naïve plan.\n")
    (root / "plain.txt").write_text("The Zurich office called the plan naive and electoral.\n")
    (root / "election.txt").write_text(
        "The election in Norvania was close. Election officials counted twice.\n"
    )
    return root


@pytest.fixture
def searcher(many: Path, tmp_path: Path) -> Searcher:
    return Searcher(built(tmp_path / "index", many))


def test_total_does_not_depend_on_the_limit(searcher: Searcher) -> None:
    totals = {limit: searcher.search("ferry", limit=limit).total for limit in (0, 1, 5, 10, 100)}
    assert set(totals.values()) == {25}
    assert not searcher.search("ferry", limit=1).approximate
    assert searcher.search("ferry OR apples", limit=3).total == 40
    assert searcher.search("ferry NOT Monday", limit=2).total == 25 - 4


def test_limit_zero_counts_without_hits(searcher: Searcher) -> None:
    result = searcher.search("ferry", limit=0)
    assert (result.total, result.hits, result.error) == (25, (), "")


def test_negative_limit_is_an_error(searcher: Searcher) -> None:
    assert "limit" in searcher.search("ferry", limit=-5).error


def test_a_large_count_is_estimated_and_says_so(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "SCORE_ALL", 0)
    monkeypatch.setattr(search_module, "EXACT_COUNT", 10)
    result = searcher.search("ferry", limit=2)
    assert result.approximate
    assert 15 <= result.total <= 45


def test_an_estimate_samples_the_whole_index_not_its_first_matches(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The 25 ferry articles are filed together, in the first 26 of 43 document numbers:
    # the first 10 matches scaled by the numbers they cover said 39.
    monkeypatch.setattr(search_module, "SCORE_ALL", 0)
    monkeypatch.setattr(search_module, "EXACT_COUNT", 10)
    assert 21 <= searcher.search("ferry", limit=2).total <= 29


def test_edit_distance_scales_with_the_word() -> None:
    assert [spelling.max_edits(w) for w in ("map", "ferry", "orchard", "delegates")] == [0, 1, 1, 2]


def test_fuzzy_words_find_real_words_within_their_distance(searcher: Searcher) -> None:
    assert searcher.search("fery~").total == 25  # 4 letters: one edit
    assert searcher.search("orhcard~").total == 15  # a swap of neighbours is one edit
    assert searcher.search("elektion~").total == 1  # 8 letters: two edits
    assert searcher.search("fer~").total == 0  # under 4 letters: exact
    assert any("exactly" in note for note in searcher.search("fer~").notes)


def test_fuzzy_distance_is_capped(searcher: Searcher) -> None:
    result = searcher.search("fery~9")
    assert result.total == 25
    assert any("at most 1 edits" in note for note in result.notes)
    # Two edits would have let "fery" reach many short words; it may not.
    assert searcher.search("plam~2").total == 2


def test_suggestions_are_real_words_not_stems(searcher: Searcher) -> None:
    assert searcher.search("electoin").suggestion == "election"
    assert searcher.search("orchrd").suggestion == "orchard"
    assert searcher.search("deleagtes").suggestion == "delegates"  # stem would be "deleg"


@pytest.mark.parametrize(
    "typed",
    [
        "xrchard",  # the first letter mistyped
        "rchard",  # dropped
        "korchard",  # one put before it
        "rochard",  # the first two swapped
    ],
)
def test_a_suggestion_may_start_with_another_letter(searcher: Searcher, typed: str) -> None:
    assert searcher.search(typed).suggestion == "orchard"
    assert searcher.search(typed + "~").total == 0  # fuzzy keeps the first letter, as Whoosh's


def test_another_first_letter_counts_as_one_edit_more(tmp_path: Path) -> None:
    root = tmp_path / "farm"
    root.mkdir()
    for i in range(2):
        (root / f"bolt-{i}.txt").write_text(f"The gate bolt broke on day {i}.\n")
    for i in range(6):
        (root / f"goat-{i}.txt").write_text(f"A goat grazed by the gate on day {i}.\n")
    (root / "coat.txt").write_text("The shepherd left a coat by the gate.\n")
    searcher = Searcher(built(tmp_path / "index", root))
    # "boat": "bolt" (2 articles) and "goat" (6) one edit each; goat starts otherwise.
    assert searcher.search("boat").suggestion == "bolt"
    # A word the corpus has is offered nothing that starts otherwise ("coat" is no "goat").
    assert searcher.search("coat").suggestion == ""


def test_no_suggestion_for_a_script_the_corpus_lacks(searcher: Searcher) -> None:
    assert searcher.search("北京").suggestion == ""
    assert searcher.search("Москва").suggestion == ""


def test_no_suggestion_for_a_known_word(searcher: Searcher) -> None:
    assert searcher.search("Valdria Wednesday").suggestion == ""


def test_accents_are_folded_both_ways(searcher: Searcher) -> None:
    assert searcher.search("Zürich").total == 2
    assert searcher.search("zurich").total == 2
    assert searcher.search("naïve").total == 2
    hit = next(h for h in searcher.search("zurich").hits if "Zürich" in h.snippet)
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["Zürich"]


def test_wildcards_expand_to_the_most_used_words(
    searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert searcher.search("orch*").total == 15
    assert searcher.search("elect*").total == 2  # election, electoral
    monkeypatch.setattr(spelling, "WILDCARD_CAP", 1)
    result = searcher.search("elect*")
    assert result.total == 1
    assert any("2 words" in note for note in result.notes)


@pytest.mark.parametrize("query", ["*", "a*", "?", "*ry", "title:f*"])
def test_short_wildcards_are_refused_alike(searcher: Searcher, query: str) -> None:
    result = searcher.search(query)
    assert "wildcard needs at least two letters" in result.error
    assert result.hits == ()


@pytest.mark.parametrize(
    ("query", "error"),
    ids=["date", "words and a bad date", "500 brackets deep", "stop words", "blank"],
    argvalues=[
        ("date:banana", "cannot read the date"),
        ("ferry date:banana", "cannot read the date"),
        ("(" * 500 + "ferry" + ")" * 500, "nested"),
        ("the of and", "nothing to search for"),
        ("   ", "empty query"),
    ],
)
def test_queries_that_cannot_run_say_why(searcher: Searcher, query: str, error: str) -> None:
    result = searcher.search(query)
    assert error in result.error
    assert result.total == 0


@pytest.mark.parametrize(
    ("query", "note", "total"),
    ids=["1000 ORs", "12,000 characters", "unknown field", "fuzzy ~9"],
    argvalues=[
        (" OR ".join(["ferry"] * 1000), "cut", 25),
        ("ferry " * 2000, "cut", 25),
        ("nosuch:ferry", "no field named nosuch", 25),
        ("fery~9", "at most 1", 25),
    ],
)
def test_queries_that_ran_with_a_change_say_so(
    searcher: Searcher, query: str, note: str, total: int
) -> None:
    result = searcher.search(query)
    assert result.error == ""
    assert any(note in n for n in result.notes)
    assert result.total == total


def test_a_very_long_word_is_answered(searcher: Searcher) -> None:
    result = searcher.search("q" * 1000)
    assert (result.total, result.error, result.suggestion) == (0, "", "")


def test_cli_exit_status_follows_whether_the_query_ran(
    many: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["index", "--corpus", str(many)]) == 0
    capsys.readouterr()
    assert main(["search", "nosuch:ferry", "--corpus", str(many)]) == 0
    out = capsys.readouterr()
    assert "25 found" in out.out and "no field named nosuch" in out.err
    assert main(["search", "a*", "--corpus", str(many)]) == 1
    assert main(["search", "*", "--corpus", str(many)]) == 1
    assert main(["search", "date:banana", "--corpus", str(many)]) == 1
    with pytest.raises(SystemExit) as usage:  # the CLI's rule: a bad option value is usage
        main(["search", "ferry", "--limit", "-5", "--corpus", str(many)])
    assert usage.value.code == 2
    with pytest.raises(SystemExit) as usage:  # the count alone: Searcher.search(limit=0)
        main(["search", "ferry", "--limit", "0", "--corpus", str(many)])
    assert usage.value.code == 2


def test_a_long_word_in_the_index_is_still_found(tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    word = "Pneumonoultramicroscopicsilicovolcanoconiosisx"
    (root / "a.txt").write_text(f"Doctors in Valdria named the {word} case.\n")
    (root / "b.txt").write_text("Doctors in Norvania met.\n")
    searcher = Searcher(built(tmp_path / "index", root))
    assert searcher.search(word).total == 1
    assert searcher.search(f"doctors {word}").total == 1
    assert searcher.search(f"doctors {word}x").total == 0
    assert searcher.search(f"doctors OR {word}x").total == 2
