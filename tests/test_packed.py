"""The full build's numpy arithmetic (index/links/packed.py) gives what the dict arithmetic
of related.py gives: word dot products with their ambiguous-name part, the echo, the words
shown as a reason (ties included), on invented vocabularies."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.links import candidates as cand
from index.links import related as rel
from index.links.packed import Packed
from index.links.vectors import Vectors
from index.store.catalog_links import compact_json


def _vectors(count: int, seed: int) -> tuple[Vectors, list[rel.Profile]]:
    """``count`` articles over 40 invented words, weights on a coarse grid (so ties), one
    article with no terms at all."""
    rng = random.Random(seed)
    ids = [f"a{k:02d}" for k in range(count)]
    vectors = Vectors(ids)
    for number in range(1, count + 1):
        size = 0 if number == 3 else rng.randint(1, 15)
        words = rng.sample([f"w{j}" for j in range(40)], size)
        terms = sorted(((w, rng.randint(1, 6) / 10) for w in words), key=lambda t: -t[1])
        vectors.add_terms(number, f"h{number}", [[t, w, t] for t, w in terms])
    profiles = [vectors.profile(n) for n in range(1, count + 1)]
    assert all(p is not None for p in profiles)
    return vectors, profiles  # type: ignore[return-value]


@pytest.mark.parametrize("seed", range(5))
def test_word_dots_echo_and_shown_words_are_the_dict_arithmetics(seed: int) -> None:
    vectors, profiles = _vectors(20, seed)
    numbers = {p.id: n for n, p in enumerate(profiles, 1)}
    packed = Packed(vectors, numbers)
    rng = random.Random(seed)
    for a in profiles:
        a.name_terms = set(rng.sample(sorted(a.terms), min(2, len(a.terms))))
        packed.load(numbers[a.id], a.name_terms)
        others = [p for p in profiles if p is not a]
        found = packed.words([numbers[b.id] for b in others])
        for b, (whole, name) in zip(others, found, strict=True):
            expected = rel.word_dots(a, b)
            assert whole == pytest.approx(expected[0], abs=1e-12), (a.id, b.id)
            assert name == pytest.approx(expected[1], abs=1e-12), (a.id, b.id)
        # All at once, with the names left out of the cosine (it is less than the whole)
        # and not.
        for leave_out in (False, True):
            words = [whole - name if leave_out else whole for whole, name in found]
            expected_shown = [rel._shown(a, b, w) for b, w in zip(others, words, strict=True)]
            assert packed.shown([numbers[b.id] for b in others], words) == expected_shown
        scored = [
            (round(0.9 - k / 50, 4), b.id, b.text_hash, (0.0, 0.5), 0.0)
            for k, b in enumerate(others)
        ]
        assert _same_echo(scored, profiles, packed), a.id


def _same_echo(scored: list, profiles: list[rel.Profile], packed: Packed) -> bool:
    """The echo through numpy and through dicts, compared candidate by candidate."""
    others = {p.id: p for p in profiles}
    by_numpy = {c[1]: c[4] for c in cand._echo(scored, others, packed)}
    by_dicts = {c[1]: c[4] for c in cand._echo(scored, others)}
    return by_numpy == pytest.approx(by_dicts, abs=1e-12)


def test_loading_another_article_forgets_the_last() -> None:
    vectors, profiles = _vectors(6, 7)
    numbers = {p.id: n for n, p in enumerate(profiles, 1)}
    packed = Packed(vectors, numbers)
    packed.load(1, profiles[0].terms.keys())
    packed.load(2, [])
    got = packed.words([3, 4, 5, 6])
    for b, (whole, name) in zip(profiles[2:], got, strict=True):
        assert whole == pytest.approx(rel.word_dots(profiles[1], b)[0], abs=1e-12)
        assert name == 0.0
    assert packed.words([]) == []


def test_the_vectors_close_while_a_view_of_them_is_held() -> None:
    """An error in the ranking can keep its ``Packed`` alive (in the traceback) as the
    vectors are closed: closing must not raise over that error."""
    vectors, profiles = _vectors(4, 3)
    packed = Packed(vectors, {p.id: n for n, p in enumerate(profiles, 1)})
    vectors.close()
    assert packed.codes.size > 0


@pytest.mark.parametrize("articles", [0, 1, 999, 1000, 1001, 2263, 10_000, 100_003])
@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_ranking_jobs_are_even_and_end_together(articles: int, count: int) -> None:
    """A full build ranks in jobs of at most ``CHUNK`` articles that cover every article,
    as many jobs as a multiple of the workers and all but the last the same size (no core
    left idle ranking a short last job alone)."""
    from index.links.ranking import CHUNK, job_size

    size = job_size(articles, count)
    jobs = [min(size, articles - start) for start in range(0, articles, size)]
    assert 1 <= size <= CHUNK and sum(jobs) == articles
    if articles > CHUNK:
        assert len(jobs) % count == 0
        assert max(jobs) - min(jobs) < len(jobs)


_names = st.lists(st.text(max_size=12), max_size=4)
_weights = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5))
_reasons = st.lists(st.tuples(st.sampled_from([*rel._CODE, "other"]), _names, _weights), max_size=5)


@settings(max_examples=300, deadline=None)
@given(_reasons)
def test_reasons_json_is_the_encoders(raw: list[tuple[str, list[str], float]]) -> None:
    """The reasons written out by hand are what the JSON encoder writes, to the byte: any
    name (quotes, control characters, any script), any weight."""
    scored = rel.Scored("a", 1.0, tuple((k, n, w) for k, n, w in raw))
    assert rel.reasons_json(scored) == compact_json(
        [[rel._CODE.get(k, k), n, w] for k, n, w in raw]
    )


@given(st.booleans(), st.booleans(), st.floats(0, 1), st.floats(0, 1))
def test_blended_is_blends_score(cites: bool, cited: bool, entities: float, words: float) -> None:
    assert rel.blended(cites, cited, entities, words) == rel.blend(cites, cited, entities, words)[0]
