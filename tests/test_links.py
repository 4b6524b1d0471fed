"""Cross-references over the linked fixture corpus, checked against its written-down truth."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml

from index.links import views as links
from index.links.references import FUZZY_THRESHOLD, TitleIndex, normalise_title
from index.store.store import Store
from index.update import update_index
from tests.conftest import SEED
from tui.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "linked"
TRUTH = yaml.safe_load((FIXTURE / "truth.yaml").read_text())


def _store(tmp_path: Path, corpus: Path) -> Store:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    return store


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    root = tmp_path / "linked"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def store(tmp_path: Path, linked: Path) -> Store:
    return _store(tmp_path, linked)


def _bump(path: Path) -> None:
    """Make sure the next update sees a file as changed even within one mtime tick."""
    later = time.time() + 5
    os.utime(path, (later, later))


# -- references ---------------------------------------------------------------------------


@pytest.mark.parametrize("source", sorted(TRUTH["references"]))
def test_references_resolve_as_the_truth_says(store: Store, source: str) -> None:
    expected = TRUTH["references"][source]
    found = links.references(store, source)
    assert [(r.written, r.target, r.how) for r in found] == [tuple(e) for e in expected]


def test_references_stored_a_few_at_a_time_are_all_stored(
    tmp_path: Path, linked: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from index.links import resolving

    monkeypatch.setattr(resolving, "WRITTEN", 2)
    store = _store(tmp_path, linked)
    for source, expected in TRUTH["references"].items():
        found = links.references(store, source)
        assert [(r.written, r.target, r.how) for r in found] == [tuple(e) for e in expected]


def test_unresolved_reference_is_kept_with_its_title(store: Store) -> None:
    refs = links.references(store, "features/election-results")
    missing = [r for r in refs if not r.in_corpus]
    assert [r.title for r in missing] == ["Kessary Central Bank Cuts Rates Again"]


def test_backlinks_name_the_citing_articles(store: Store) -> None:
    cited = links.backlinks(store, "wire/strike-begins")
    assert {r.target for r in cited} == {
        "wire/talks-collapse",
        "wire/talks-collapse-copy",
        "wire/strike-ends",
    }
    by_id = {r.target: r for r in cited}
    assert by_id["wire/strike-ends"].title == "Port Elsin Dockers Accept Pay Deal, Ending Strike"
    assert by_id["wire/strike-ends"].written == "strike-begins.txt"


def test_self_reference_is_no_backlink_and_not_related(store: Store) -> None:
    article = "features/sokolova-profile"
    assert [r.how for r in links.references(store, article)] == ["self"]
    assert links.backlinks(store, article) == []
    assert article not in {r.id for r in links.related(store, article)}


def test_cycle_links_both_ways(store: Store) -> None:
    a, b = "wire/mine-collapse", "wire/miners-rescued"
    assert {r.target for r in links.backlinks(store, a)} == {b}
    assert {r.target for r in links.backlinks(store, b)} == {a, "wire/mine-inquiry"}
    first = links.related(store, a)[0]
    assert first.id == b
    assert [r.kind for r in first.reasons][:2] == ["see_also", "cited_by"]


def test_two_articles_with_one_title_pick_the_nearest_date(store: Store) -> None:
    ref = links.references(store, "wire/strike-ends")[1]
    assert ref.target == "wire/harbour-reopens"
    assert ref.others == ("wire/harbour-reopens-2023",)


def test_missing_article_added_later_resolves_without_rebuild(store: Store, linked: Path) -> None:
    (linked / "wire" / "rates.txt").write_text(
        "Kessary Central Bank Cuts Rates Again\n"
        "The Kessary central bank cut its main interest rate by a quarter point on Thursday,"
        " its third cut this year, as inflation eased and exports to Valdria slowed.\n"
    )
    report = update_index(store)
    assert report.added == 1 and not report.rebuilt
    refs = links.references(store, "features/election-results")
    assert refs[1].target == "wire/rates" and refs[1].how == "title"
    assert {r.target for r in links.backlinks(store, "wire/rates")} == {"features/election-results"}
    related = {r.id: r for r in links.related(store, "features/election-results")}
    assert "SEE ALSO" in related["wire/rates"].sentence


def test_retitled_article_answers_a_reference_that_matched_nothing(
    store: Store, linked: Path
) -> None:
    path = linked / "ice-festival.txt"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + ["Stalls sold hot soup."]) + "\n")
    _bump(path)
    update_index(store)  # changed, title as it was: the reference stays unresolved
    assert links.references(store, "features/election-results")[1].target is None
    path.write_text("\n".join(["Kessary Central Bank Cuts Rates Again", *lines[1:]]) + "\n")
    _bump(path)
    update_index(store)
    ref = links.references(store, "features/election-results")[1]
    assert (ref.target, ref.how) == ("ice-festival", "title")


def test_reference_by_path_resolves_when_the_file_is_added(store: Store, linked: Path) -> None:
    path = linked / "wire" / "mine-collapse.txt"
    path.write_text(path.read_text() + "SEE ALSO: wire/mine-reopens.txt\n")
    _bump(path)
    update_index(store)
    assert links.references(store, "wire/mine-collapse")[-1].target is None
    (linked / "wire" / "mine-reopens.txt").write_text(
        "Drevna Mine Reopens\nThe Drevna mine reopened on Monday under new safety rules.\n"
    )
    update_index(store)
    ref = links.references(store, "wire/mine-collapse")[-1]
    assert (ref.target, ref.how) == ("wire/mine-reopens", "path")


def test_redated_or_new_article_of_the_same_title_takes_the_reference_over(
    store: Store, linked: Path, tmp_path: Path
) -> None:
    """strike-ends (2024-03-15) cites "Port Elsin Harbour Reopens", which two articles are:
    the one dated nearest wins, after an update as in a full build."""
    path = linked / "wire" / "harbour-reopens-2023.md"
    path.write_text(path.read_text().replace("2023-06-02", "2024-03-14"))
    _bump(path)
    update_index(store)
    ref = links.references(store, "wire/strike-ends")[1]
    assert (ref.target, ref.others) == ("wire/harbour-reopens-2023", ("wire/harbour-reopens",))
    (linked / "wire" / "harbour-reopens-again.md").write_text(
        "---\ntitle: Port Elsin Harbour Reopens\ndate: 2024-03-15\n---\n"
        "The harbour reopened on Friday evening, a day early, the port authority said.\n"
    )
    update_index(store)
    ref = links.references(store, "wire/strike-ends")[1]
    assert ref.target == "wire/harbour-reopens-again"
    fresh = _store(tmp_path / "fresh", linked)
    for row in store.catalog.summaries():  # type: ignore[union-attr]
        assert links.references(store, row.id) == links.references(fresh, row.id), row.id
        assert links.backlinks(store, row.id) == links.backlinks(fresh, row.id), row.id


def test_retitled_or_removed_target_unresolves(store: Store, linked: Path) -> None:
    (linked / "wire" / "port-fees.md").unlink()
    update_index(store)
    ref = links.references(store, "wire/strike-begins")[0]
    assert ref.target is None and ref.title == "Norvania Raises Port Fees Amid Shipping Slump"
    assert "wire/port-fees" not in {r.id for r in links.related(store, "wire/strike-begins")}


def test_fuzzy_reference_written_later_in_other_wording(store: Store, linked: Path) -> None:
    path = linked / "wire" / "follow-up.txt"
    path.write_text(
        "Norvania Port Strike Enters Second Week\n"
        "SEE ALSO: Dockers Walk Out In Port Elsin Halting Cargo\n"
        "The strike by dockers in Port Elsin entered its second week on Monday.\n"
    )
    update_index(store)
    ref = links.references(store, "wire/follow-up")[0]
    assert (ref.target, ref.how) == ("wire/strike-begins", "fuzzy")
    assert FUZZY_THRESHOLD <= ref.score < 100


def test_fuzzy_threshold_separates_rewordings_from_other_stories() -> None:
    """Rewordings of a title score above the threshold; other titles of the same story
    (same places, same topic words) score below it."""
    same = [
        ("Valdria President Calls A Snap Election", "Valdria's President Calls Snap Election"),
        (
            "Dockers Walk Out In Port Elsin Halting Cargo",
            "Dockers Walk Out in Port Elsin, Halting Cargo Traffic",
        ),
        ("The Rescuers Reach Trapped Drevna Miners", "Rescuers Reach Trapped Drevna Miners"),
        (
            "Norvania Raises Port Fee Amid Shipping Slump",
            "Norvania Raises Port Fees Amid Shipping Slump",
        ),
    ]
    different = [
        ("Port Elsin Harbour Reopens", "Port Elsin Strike Talks Collapse After Six Hours"),
        (
            "Eleven Miners Trapped After Collapse at Drevna Mine",
            "Inquiry Blames Ostra Minerals for Drevna Collapse",
        ),
        ("Valdria Opposition Rallies Before Vote", "Sokolova Wins Valdria Election in Landslide"),
        (
            "Port Elsin Dockers Accept Pay Deal, Ending Strike",
            "Dockers Walk Out in Port Elsin, Halting Cargo Traffic",
        ),
        ("Kessary Central Bank Cuts Rates Again", "Kessary Opens New Container Terminal"),
        (
            "Pakistan's Deportation Drive Sees Mass Exodus Of Afghans",
            "Dockers Walk Out in Port Elsin, Halting Cargo Traffic",
        ),
    ]
    titles = TitleIndex(
        (str(i), t, f"/c/{i}", None) for i, t in enumerate(p[1] for p in same + different)
    )
    for a, b in same:
        assert titles.similarity(normalise_title(a), normalise_title(b)) >= FUZZY_THRESHOLD, (a, b)
    for a, b in different:
        assert titles.similarity(normalise_title(a), normalise_title(b)) < FUZZY_THRESHOLD, (a, b)


def test_empty_and_huge_titles_resolve_to_nothing() -> None:
    index = TitleIndex([("a", "Port Elsin Harbour Reopens", "/c/a.txt", None)])
    assert index.resolve("", "b").target is None
    assert index.resolve("   ", "b").target is None
    huge = "Port Elsin Harbour Reopens " * 80  # about 2,000 characters
    assert len(huge) > 2000
    assert index.resolve(huge, "b").target is None
    assert index.resolve("PORT ELSIN HARBOUR REOPENS", "b").target == "a"


def test_empty_and_long_see_also_lines_in_a_corpus(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    long_title = " ".join(["Lake"] + ["tesmer ice festival record crowd"] * 70)
    (root / "a.txt").write_text(
        "Ice Festival On Lake Tesmer\nAnglers came to the lake.\nSEE ALSO:\n"
        f"SEE ALSO: {long_title}\nThe festival ended on Sunday.\n"
    )
    (root / "b.txt").write_text("Lake Tesmer Freezes Early\nThe lake froze in November.\n")
    store = _store(tmp_path, root)
    refs = links.references(store, "a")
    assert all(r.target is None for r in refs)
    assert all(len(r.title) <= 400 for r in refs)


# -- related -------------------------------------------------------------------------------


@pytest.mark.parametrize("article", sorted(TRUTH["related"]))
def test_related_lists_match_the_truth(store: Store, article: str) -> None:
    truth = TRUTH["related"][article]
    found = links.related(store, article)
    ids = [r.id for r in found]
    top = truth.get("top", [])
    assert set(ids[: len(top)]) == set(top), ids
    if not top:
        assert ids == []
    for absent in truth.get("absent", []):
        assert absent not in ids
    by_id = {r.id: r for r in found}
    for other, reasons in truth.get("reasons", {}).items():
        for reason in reasons:
            assert reason in by_id[other].sentence, (other, by_id[other].sentence)


@pytest.mark.parametrize("story", sorted(TRUTH["stories"]))
def test_every_story_member_lists_the_others_near_the_top(store: Store, story: str) -> None:
    """Near: at most one article from outside the story ranks among them (the 2023 "Port
    Elsin Harbour Reopens" shares its harbour master with the 2024 one, and is shown)."""
    members = TRUTH["stories"][story]
    for article in members:
        ids = [r.id for r in links.related(store, article)]
        others = [m for m in members if m != article]
        assert set(others) <= set(ids[: len(others) + 1]), (article, ids)


def test_related_carries_reasons_as_data_and_as_a_sentence(store: Store) -> None:
    first = links.related(store, "features/election-results")[0]
    assert first.id == "features/opposition-rallies"
    kinds = [r.kind for r in first.reasons]
    assert kinds[0] == "see_also" and "entities" in kinds and "words" in kinds
    entities = next(r for r in first.reasons if r.kind == "entities")
    assert "Irena Sokolova" in entities.items
    assert first.sentence.startswith("SEE ALSO; ")
    assert "shares Irena Sokolova" in first.sentence
    assert "similar words: " in first.sentence
    assert first.score > 1.0  # an explicit link outranks any similarity
    assert first.title == "Valdria Opposition Rallies Before Vote"


def test_rare_person_outweighs_common_place(store: Store) -> None:
    """Sharing a named person beats sharing only a widely mentioned place."""
    found = {r.id: r for r in links.related(store, "wire/harbour-reopens")}
    assert "Ansgar Holm" in found["wire/harbour-reopens-2023"].sentence


def test_duplicates_are_marked_not_related(store: Store) -> None:
    a, b = TRUTH["duplicates"][0]
    assert links.duplicates_of(store, a) == [b]
    assert links.duplicates_of(store, b) == [a]
    assert b not in {r.id for r in links.related(store, a)}
    assert links.duplicates_of(store, "wire/strike-begins") == []
    # Elsewhere the two copies appear once, not twice.
    ids = [r.id for r in links.related(store, "wire/strike-begins")]
    assert len({a, b} & set(ids)) == 1


def test_unrelated_article_has_no_related_stories(store: Store) -> None:
    assert links.related(store, "ice-festival") == []
    assert "shares only common words" in links.no_related_reason(store, "ice-festival")
    for article in TRUTH["related"]:
        assert "ice-festival" not in {r.id for r in links.related(store, article)}


def test_incremental_update_matches_a_full_build(
    store: Store, linked: Path, tmp_path: Path
) -> None:
    path = linked / "wire" / "talks-collapse.txt"
    path.write_text(path.read_text().replace("six hours", "seven hours"))
    _bump(path)
    (linked / "features" / "snap-election.txt").unlink()
    update_index(store)
    fresh = _store(tmp_path / "fresh", linked)

    def story(article_id: str) -> str:
        """One name for an article and its copies: when near copies tie (the edited story
        and its wire copy), either may come first; an update weighs only what it wrote."""
        return min([article_id, *links.duplicates_of(fresh, article_id)])

    for row in store.catalog.summaries():  # type: ignore[union-attr]
        mine = [story(r.id) for r in links.related(store, row.id)][:3]
        full = [story(r.id) for r in links.related(fresh, row.id)][:3]
        assert set(mine) == set(full), row.id
        assert links.references(store, row.id) == links.references(fresh, row.id)
    # One word changed: no longer the same text, but still a near copy, never "related".
    assert links.duplicates_of(store, "wire/talks-collapse") == ["wire/talks-collapse-copy"]
    assert "wire/talks-collapse-copy" not in {
        r.id for r in links.related(store, "wire/talks-collapse")
    }


def test_stale_links_tables_are_rebuilt_whole(store: Store) -> None:
    assert not links.needs_refresh(store)
    store.catalog.set_meta("links", "0")  # type: ignore[union-attr]
    store.catalog.link_clear()  # type: ignore[union-attr]
    assert links.needs_refresh(store)
    links.refresh(store, set(), set())
    assert not links.needs_refresh(store)
    assert links.related(store, "wire/mine-collapse")[0].id == "wire/miners-rescued"


def test_removed_article_leaves_no_trace(store: Store, linked: Path) -> None:
    (linked / "wire" / "miners-rescued.txt").unlink()
    update_index(store)
    for row in store.catalog.summaries():  # type: ignore[union-attr]
        assert "wire/miners-rescued" not in {r.id for r in links.related(store, row.id)}
        assert "wire/miners-rescued" not in {r.target for r in links.backlinks(store, row.id)}
    assert links.references(store, "wire/mine-collapse")[0].target is None


# -- entity view ---------------------------------------------------------------------------


def test_entity_view_newest_first_with_the_first_mention(store: Store) -> None:
    hits = links.entity_articles(store, "PERSON:marta velkovan")
    ids = [h.id for h in hits]
    assert ids[:2] == ["wire/strike-ends", "wire/port-fees"]  # dated, newest first
    assert set(ids) == {
        "wire/strike-begins",
        "wire/port-fees",
        "wire/talks-collapse",
        "wire/talks-collapse-copy",
        "wire/strike-ends",
    }
    fees = hits[1]
    assert fees.count == 2
    ((start, end),) = fees.spans
    assert fees.snippet[start:end] == "Marta Velkovan"
    body = store.catalog.article("wire/port-fees").body  # type: ignore[union-attr]
    assert body[fees.start : fees.end] == "Marta Velkovan"


def test_entity_view_of_unknown_entity_is_empty(store: Store) -> None:
    assert links.entity_articles(store, "PERSON:nobody at all") == []


# -- the seed -------------------------------------------------------------------------------


def test_seed_alone(tmp_path: Path) -> None:
    root = tmp_path / "seed"
    root.mkdir()
    shutil.copy(SEED, root / SEED.name)
    store = _store(tmp_path, root)
    article = SEED.stem
    refs = links.references(store, article)
    assert [r.title for r in refs] == [
        "Pakistan's Deportation Drive Sees Mass Exodus Of Afghans",
        "RFE/RL Finds New Evidence Of Russia's Suspected Secret Nuclear Base In Belarus",
    ]
    assert not any(r.in_corpus for r in refs)
    assert links.related(store, article) == []
    assert links.backlinks(store, article) == []
    assert links.duplicates_of(store, article) == []
    assert links.no_related_reason(store, article).startswith("This is the only article")
    hits = links.entity_articles(store, "PERSON:aleksandr lukashenko")
    assert [h.id for h in hits] == [article] and hits[0].count >= 5


# -- the command line ------------------------------------------------------------------------


def test_cli_related_refs_mentions(linked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["related", "wire/talks-collapse", "--corpus", str(linked), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["duplicates"] == ["wire/talks-collapse-copy"]
    assert data["related"][0]["id"] == "wire/strike-begins"
    assert data["related"][0]["reasons"][0]["kind"] == "see_also"

    assert main(["refs", "features/election-results", "--corpus", str(linked)]) == 0
    out = capsys.readouterr().out
    assert "Kessary Central Bank Cuts Rates Again  (not in the corpus)" in out

    assert main(["mentions", "Pavel Dunmore", "--corpus", str(linked), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entity"] == "PERSON:pavel dunmore"
    assert len(data["articles"]) == 3

    assert main(["related", "no/such", "--corpus", str(linked)]) == 1


def test_cli_seed_says_plainly_there_is_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "seed"
    root.mkdir()
    shutil.copy(SEED, root / SEED.name)
    assert main(["related", SEED.stem, "--corpus", str(root)]) == 1  # ran, found nothing
    assert "only article in the corpus" in capsys.readouterr().out
    assert main(["refs", SEED.stem, "--corpus", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.count("(not in the corpus)") == 2


@pytest.mark.parametrize(
    "title",
    [
        "Valdria's  Snap_Election:\tWho Wins?",
        "KESSARY  Rates -- 'Again'",
        "Vélmora Talks Collapse",
        "ＦＵＬＬ Width Straße ’Quotes’",
    ],
)
def test_normalised_titles_as_nfkc_and_casefold_make_them(title: str) -> None:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKC", title).casefold().replace("'", "").replace("’", "")
    assert normalise_title(title) == " ".join(re.sub(r"[\W_]+", " ", text).split())


def test_a_full_build_ranked_in_worker_processes_equals_one_ranked_in_process(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parallel path of a full links build (chunks ranked in forked workers) stores
    exactly the lists the in-process path stores."""
    from index.links import build
    from index.store import workers

    def rebuilt(count: int) -> tuple[list, list]:
        monkeypatch.setattr(workers, "count", lambda: count)
        monkeypatch.setattr(build, "CHUNK", 3)  # several chunks, so the workers are used
        assert store.catalog is not None
        store.catalog.set_meta("links", "")  # the next refresh recomputes everything
        links.refresh(store, set(), set())
        db = store.catalog.db
        ranked = db.execute("SELECT * FROM link_ranked ORDER BY 1, 2").fetchall()
        copies = db.execute("SELECT * FROM link_copies ORDER BY 1, 2").fetchall()
        return ranked, copies

    in_process, forked = rebuilt(1), rebuilt(2)
    assert len(in_process[0]) > 20
    assert forked == in_process
