"""Related stories on a fixture corpus of names that mean two things, and on bad corpora.

tests/fixtures/ambiguous: "Tarsa" is a football club (sport/) and a people (people/); "KSA" is
a broadcasting regulator (broadcast/) and a child-maintenance agency (family/). A name like
that may rank an article only when other shared evidence backs it. Fictional throughout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from index.links import related as rel
from index.links import views as links
from index.store.store import Store
from index.update import update_index

FIXTURE = Path(__file__).parent / "fixtures" / "ambiguous"


def _store(tmp_path: Path, corpus: Path) -> Store:
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    return store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("ambiguous")
    shutil.copytree(FIXTURE, root / "corpus")
    return _store(root, root / "corpus")


def _folder(article_id: str) -> str:
    return article_id.split("/")[0]


@pytest.mark.parametrize(
    ("article", "partner", "other_meaning"),
    [
        ("sport/tarsa-cup-final", "sport/tarsa-sign-striker", "people"),
        ("sport/tarsa-sign-striker", "sport/tarsa-cup-final", "people"),
        ("people/tarsa-schools", "people/tarsa-dam-protest", "sport"),
        ("people/tarsa-dam-protest", "people/tarsa-schools", "sport"),
    ],
)
def test_a_club_and_a_people_sharing_a_name_are_not_related(
    store: Store, article: str, partner: str, other_meaning: str
) -> None:
    found = links.related(store, article)
    assert found and found[0].id == partner
    assert other_meaning not in {_folder(r.id) for r in found}, [r.id for r in found]


@pytest.mark.parametrize(
    ("article", "partner"),
    [
        ("broadcast/ksa-fines-channel", "broadcast/ksa-radio-licences"),
        ("broadcast/ksa-radio-licences", "broadcast/ksa-fines-channel"),
        ("family/ksa-faster-payments", "family/ksa-record-arrears"),
        ("family/ksa-record-arrears", "family/ksa-faster-payments"),
    ],
)
def test_an_acronym_with_two_meanings_counts_only_where_words_back_it(
    store: Store, article: str, partner: str
) -> None:
    found = links.related(store, article)
    assert found[0].id == partner
    # Backed by the words the two stories share, the acronym is evidence and is shown...
    assert "KSA" in found[0].sentence
    # ... across the two meanings it carries nothing and is never given as a reason.
    for r in found[1:]:
        if _folder(r.id) != _folder(article):
            assert "KSA" not in r.sentence, (r.id, r.sentence)
            assert "ksa" not in {w.casefold() for x in r.reasons for w in x.items}
            assert r.score < found[0].score / 3


def test_the_reasons_shown_add_up_to_the_score(store: Store) -> None:
    for row in store.catalog.summaries():  # type: ignore[union-attr]
        for r in links.related(store, row.id):
            assert r.reasons
            assert sum(x.weight for x in r.reasons) == pytest.approx(r.score, abs=0.002)


def _profile(name: str, terms: dict[str, float], entities: dict[str, str]) -> rel.Profile:
    profile = rel.Profile(name, name, terms=terms)
    for key, display in entities.items():
        profile.entities[key] = 1.0
        profile.names[key] = display
        if rel.ambiguous(display):
            profile.ambiguous.add(key)
    profile.name_terms = {t for t in terms if t in {"tarsa", "ksa"}}
    return profile


def test_an_unbacked_ambiguous_name_adds_nothing() -> None:
    club = _profile("a", {"tarsa": 0.6, "goal": 0.5, "said": 0.1}, {"ORG:tarsa": "Tarsa"})
    people = _profile("b", {"tarsa": 0.6, "villag": 0.5, "said": 0.1}, {"ORG:tarsa": "Tarsa"})
    entities, words = rel.similarities(club, people)
    assert entities == 0.0
    assert words == pytest.approx(0.01)  # "said" only: the name's own word is left out too
    # An explicit link backs it.
    entities, words = rel.similarities(club, people, linked=True)
    assert entities > 0.9 and words > 0.3


def test_a_backed_ambiguous_name_counts() -> None:
    one = _profile("a", {"tarsa": 0.5, "goal": 0.5, "cup": 0.5}, {"ORG:tarsa": "Tarsa"})
    two = _profile("b", {"tarsa": 0.5, "goal": 0.5, "cup": 0.5}, {"ORG:tarsa": "Tarsa"})
    entities, words = rel.similarities(one, two)
    assert entities > 0.9 and words == pytest.approx(0.75)
    # A shared unambiguous name backs it as well.
    three = _profile("c", {"tarsa": 0.5}, {"ORG:tarsa": "Tarsa", "PERSON:irena holm": "Irena Holm"})
    four = _profile("d", {"tarsa": 0.5}, {"ORG:tarsa": "Tarsa", "PERSON:irena holm": "Irena Holm"})
    assert rel.similarities(three, four)[0] > 0.9


# -- bad corpora ----------------------------------------------------------------------------


def _write(root: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


STORY = (
    "Dockers in Port Elsin walked out on Monday over new shift rotas, halting container "
    "traffic at the harbour. The Coastal Trade Union said the strike would last a week "
    "unless the port authority withdrew the rotas, and shipping lines diverted vessels."
)


def test_the_only_article(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    corpus = _write(tmp_path / "c", {"alone": STORY})
    store = _store(tmp_path, corpus)
    assert links.related(store, "alone") == []
    assert "only article" in links.no_related_reason(store, "alone")


def test_identical_articles_are_duplicates_not_related(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    corpus = _write(tmp_path / "c", {f"copy{k}": STORY for k in range(4)})
    store = _store(tmp_path, corpus)
    assert links.related(store, "copy0") == []
    assert links.duplicates_of(store, "copy0") == ["copy1", "copy2", "copy3"]
    assert "copies of this one" in links.no_related_reason(store, "copy0")


def test_articles_with_no_words_in_common(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    corpus = _write(
        tmp_path / "c",
        {
            "orchard": "Orchards around Lendra picked their best apple harvest this autumn.",
            "museum": "A museum of clocks opened in Harrowgate, showing three hundred watches.",
            "rail": "Trains between Vesk and Corra resumed after bridge repairs finished.",
        },
    )
    store = _store(tmp_path, corpus)
    for name in ("orchard", "museum", "rail"):
        assert links.related(store, name) == []
        assert links.duplicates_of(store, name) == []
        assert "shares no word" in links.no_related_reason(store, name)


def test_many_near_identical_articles_stay_bounded(tmp_path: Path) -> None:
    """A wire story republished with one changed word: each is a near copy of every other,
    listed as duplicates (at most ``STORED``), never as related."""
    (tmp_path / "c").mkdir()
    corpus = _write(tmp_path / "c", {f"wire{k:03d}": f"{STORY} Update {k}." for k in range(60)})
    store = _store(tmp_path, corpus)
    for name in ("wire000", "wire031", "wire059"):
        assert links.related(store, name) == []
        copies = links.duplicates_of(store, name)
        assert 0 < len(copies) <= rel.STORED and name not in copies
        assert "copies" in links.no_related_reason(store, name)
