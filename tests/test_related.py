"""Related stories on a fixture corpus of names that mean two things, and on bad corpora.

tests/fixtures/ambiguous: "Tarsa" is a football club (sport/) and a people (people/); "KSA" is
a broadcasting regulator (broadcast/) and a child-maintenance agency (family/). A name like
that may rank an article only when other shared evidence backs it. Fictional throughout.
"""

from __future__ import annotations

import json
import math
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


# -- the whole vector, the postings, the echo -------------------------------------------------


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(a[t] * b[t] for t in a.keys() & b.keys())
    return dot / (sum(w * w for w in a.values()) ** 0.5 * sum(w * w for w in b.values()) ** 0.5)


def test_the_words_score_is_the_cosine_of_the_whole_texts() -> None:
    """Two reports of one story share 120 lighter words and none of their 160 heaviest (each
    names rare things a third article also names): the words score is still their tf-idf
    cosine over every word, as a plain TF-IDF baseline has it."""
    total = 1000
    df = {f"story{k}": 100 for k in range(120)}
    df |= {f"rare{k}": 2 for k in range(320)}
    one = {f"story{k}": 3 for k in range(120)} | {f"rare{k}": 1 for k in range(160)}
    two = {f"story{k}": 3 for k in range(120)} | {f"rare{k}": 1 for k in range(160, 320)}

    def profile(counts: dict[str, int]) -> rel.Profile:
        terms = rel.weigh_terms(counts, {t: t for t in counts}, df.__getitem__, total)
        return rel.Profile("x", terms={str(t): float(w) for t, w, _ in terms})  # type: ignore[arg-type]

    def full(counts: dict[str, int]) -> dict[str, float]:
        return {t: (1 + math.log(n)) * math.log(1 + total / df[t]) for t, n in counts.items()}

    expected = _cosine(full(one), full(two))
    assert expected > 0.3
    assert rel.similarities(profile(one), profile(two))[1] == pytest.approx(expected, abs=1e-3)


def _fictional_profiles(count: int) -> list[rel.Profile]:
    """Articles over a small invented vocabulary, weights varied and with ties."""
    profiles = []
    for k in range(count):
        weights = {f"w{(k * 7 + j * 3) % 23}": round(0.1 + ((k + j) % 5) / 10, 1) for j in range(9)}
        profiles.append(rel.Profile(f"a{k:02d}", f"h{k}", terms=weights))
    return profiles


def test_a_full_build_and_an_update_find_the_same_candidates(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full build's in-memory postings hold what the catalog's do: each article's
    POSTED_TERMS heaviest terms, each term's TERM_POSTINGS heaviest articles (then by number)."""
    from index.links import candidates as cand
    from index.links.packed import CompactPostings
    from index.links.vectors import Vectors

    monkeypatch.setattr(cand, "POSTED_TERMS", 4)
    monkeypatch.setattr(cand, "TERM_POSTINGS", 3)
    monkeypatch.setattr(cand, "POOL", 6)
    monkeypatch.setattr(cand, "CANDIDATE_TERMS", 5)  # of 9: which terms it takes matters
    profiles = _fictional_profiles(30)
    ids = [p.id for p in profiles]
    vectors = Vectors(ids)
    for number, p in reversed(list(enumerate(profiles, 1))):  # spooled in any order
        terms = sorted(p.terms.items(), key=lambda t: -t[1])
        vectors.add_terms(number, p.text_hash, [[t, w, t] for t, w in terms])
        again = vectors.profile(number)
        assert again == rel.Profile(p.id, p.text_hash, terms=dict(terms))
        # The norm kept beside is the one summed from the terms, to the last bit.
        assert again.term_norm == rel.Profile(p.id, terms=dict(again.terms)).term_norm
    compact = CompactPostings(ids, vectors.vocab, lambda: vectors.posted(cand.POSTED_TERMS), {})

    def term_rows(terms: list[str], limit: int) -> list[tuple[str, str, float]]:
        # What Catalog.link_term_postings answers from link_keyterms.
        posted = [
            (n, p.id, t, w)
            for n, p in enumerate(profiles, 1)
            for t, w in sorted(p.terms.items(), key=lambda t: -t[1])[: cand.POSTED_TERMS]
        ]
        rows = []
        for term in terms:
            mine = sorted((-w, n, i) for n, i, t, w in posted if t == term)[:limit]
            rows += [(i, term, -w) for w, _n, i in mine]
        return rows

    catalog = cand.Postings(term_rows, lambda _keys: [])
    for number, p in enumerate(profiles, 1):
        # A full build's profiles come from the vectors (terms heaviest first), an update's
        # from the catalog.
        assert compact.candidates(vectors.profile(number), {}) == catalog.candidates(p, {}), p.id
    # The limit bites here: with every term posted, some candidates would differ.
    every = CompactPostings(ids, vectors.vocab, lambda: vectors.posted(100), {})
    assert any(
        every.candidates(vectors.profile(n), {}) != compact.candidates(vectors.profile(n), {})
        for n in range(1, len(profiles) + 1)
    )


def test_the_echo_is_each_candidates_resemblance_to_the_best_others() -> None:
    """The centroid shortcut gives what comparing each candidate with each of the best
    others gives, leaving a candidate (and a copy of it) out of its own comparison."""
    from index.links import candidates as cand

    profiles = _fictional_profiles(8)
    copy = rel.Profile("copy", profiles[0].text_hash, terms=dict(profiles[0].terms))
    others = {p.id: p for p in [*profiles, copy]}
    scored = [
        (round(0.9 - k / 20, 4), p.id, p.text_hash, (0.0, 0.9 - k / 20), 0.0)
        for k, p in enumerate([profiles[0], copy, *profiles[1:]])
    ]
    again = {c[1]: c[4] for c in cand._echo(scored, others)}

    top = []  # the ECHO_TOP best, one copy of each text
    for total, other, text, _known, _ in scored:
        if len(top) < rel.ECHO_TOP and all(text != n.text_hash for _, n in top):
            top.append((total, others[other]))
    for _total, other, text, _known, _ in scored:
        b = others[other]
        pairs = [(w, n) for w, n in top if n is not b and n.text_hash != text]
        expected = sum(w * _dot(b, n) for w, n in pairs) / sum(w for w, _ in pairs)
        assert again[other] == pytest.approx(rel.ECHO * expected, abs=1e-9), other


def _dot(a: rel.Profile, b: rel.Profile) -> float:
    return sum(a.terms[t] * b.terms[t] for t in a.terms.keys() & b.terms.keys())


def test_only_the_heaviest_terms_are_posted(tmp_path: Path) -> None:
    """Other articles find an article through its POSTED_TERMS heaviest terms; its whole
    vector is kept for scoring. Both after a full build and after a one-file update."""
    from index.links import candidates as cand

    (tmp_path / "c").mkdir()
    words = [f"{a}{b}{c}" for a in "brdkl" for b in ("an", "or", "ei") for c in "stmv"]
    texts = {
        f"story{k}": " ".join(words[(k * 5 + j) % len(words)] for j in range(50)) + "."
        for k in range(4)
    }
    corpus = _write(tmp_path / "c", texts)
    store = _store(tmp_path, corpus)
    catalog = store.catalog
    assert catalog is not None

    def posted() -> dict[str, int]:
        rows = catalog.db.execute(
            "SELECT i.id, count(*) FROM link_keyterms k JOIN link_ids i ON i.n = k.n GROUP BY i.id"
        )
        return dict(rows.fetchall())

    def kept(article_id: str) -> int:
        return len(json.loads(catalog.link_articles([article_id])[0][3]))

    assert set(posted().values()) == {cand.POSTED_TERMS}
    assert all(kept(i) > cand.POSTED_TERMS for i in texts)
    (corpus / "story0.txt").write_text(texts["story0"] + " Kessary.", encoding="utf-8")
    update_index(store)
    assert posted()["story0"] == cand.POSTED_TERMS and kept("story0") > cand.POSTED_TERMS
