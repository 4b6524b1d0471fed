"""Finding the candidates for an article's related list, and ranking them.

Candidate generation stays bounded whatever the corpus size; the scoring of a pair is in
``related.py``.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING

from index.links import related as rel
from index.links.related import Profile, Scored

if TYPE_CHECKING:
    from index.links.packed import Packed

# Candidate generation stays bounded whatever the corpus size: an article is found through
# its POSTED_TERMS heaviest key terms only (the postings); each of the article's
# CANDIDATE_TERMS heaviest key terms proposes only the TERM_POSTINGS articles where it weighs
# most, an entity proposes its articles only when at most RARE_ENTITY articles name it, and
# only the POOL best rough candidates (plus the explicitly linked ones) are scored in full,
# the SHORTLIST best of those then re-ranked by the echo. Common terms and entities still
# count in the score of every candidate sharing them: a score is over the full vectors.
POSTED_TERMS = 40
TERM_POSTINGS = 80
CANDIDATE_TERMS = 40  # the article's heaviest key terms used to find candidates
RARE_ENTITY = 60
POOL = 60
SHORTLIST = 25


# -- candidates and ranking ----------------------------------------------------------------------


class Postings:
    """Who shares a key term or an entity with whom: in memory for a full build, else read
    from the catalog's indexes (``link_terms``, ``mentions``) a few articles at a time.

    ``term_rows(terms, limit)`` gives (article, term, weight) for each term's ``limit``
    heaviest articles, ``entity_rows(keys)`` gives
    (article, key, count) for raw entity keys.
    """

    def __init__(
        self,
        term_rows: Callable[[list[str], int], Iterable[tuple[str, str, float]]],
        entity_rows: Callable[[list[str]], Iterable[tuple[str, str, int]]],
    ) -> None:
        self._terms = term_rows
        self._entities = entity_rows

    def terms(self, terms: list[str]) -> dict[str, list[tuple[str, float]]]:
        """For each term, the TERM_POSTINGS articles where it weighs most, heaviest first."""
        found: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for other, term, weight in self._terms(terms, TERM_POSTINGS):
            found[term].append((other, weight))
        for rows in found.values():
            rows.sort(key=lambda r: (-r[1], r[0]))
            del rows[TERM_POSTINGS:]
        return found

    def entities(self, keys: list[str]) -> dict[str, list[str]]:
        """For each raw entity key, the articles naming it."""
        found: dict[str, list[str]] = defaultdict(list)
        for other, key, _count in self._entities(keys):
            found[key].append(other)
        return found

    def candidates(self, a: Profile, entity_df: dict[str, int]) -> list[str]:
        """The POOL articles sharing most with ``a`` by a rough score: its heaviest key
        terms (each through its TERM_POSTINGS best articles) and its rare entities."""
        rough: dict[str, float] = {}
        get = rough.get
        mine = _heaviest(a)
        postings = self.terms([t for t, _ in mine])
        for term, weight in mine:
            scale = weight * rel.W_WORDS
            for other, theirs in postings.get(term, ()):
                rough[other] = get(other, 0.0) + scale * theirs
        keys = _rare_keys(a, entity_df)
        scale = _entity_scale(a)
        for key, others in self.entities(keys).items():
            weight = scale * a.entities.get(a.fold[key], 0.0)
            for other in others:
                rough[other] = get(other, 0.0) + weight
        rough.pop(a.id, None)
        best = heapq.nlargest(POOL, rough.items(), key=itemgetter(1))
        return [other for other, _ in best]


def _heaviest(a: Profile) -> list[tuple[str, float]]:
    """The article's CANDIDATE_TERMS heaviest key terms, heaviest first."""
    return heapq.nlargest(CANDIDATE_TERMS, a.terms.items(), key=itemgetter(1))


def _rare_keys(a: Profile, entity_df: dict[str, int]) -> list[str]:
    """The article's raw entity keys that propose candidates: uncommon and unambiguous."""
    return [
        k for k in a.fold if entity_df.get(k, 0) <= RARE_ENTITY and a.fold[k] not in a.ambiguous
    ]


def _entity_scale(a: Profile) -> float:
    return rel.W_ENTITIES * 0.5 / a.entity_norm


def rank(
    a: Profile,
    profiles: Callable[[Iterable[str]], dict[str, Profile]],
    postings: Postings,
    entity_df: dict[str, int],
    cites: set[str],
    cited: set[str],
    packed: Packed | None = None,
) -> tuple[list[Scored], list[str]]:
    """``a``'s related list, best first, and its duplicates (exact copies, then near ones
    by words cosine): candidates from postings and links, fully scored, the SHORTLIST best
    re-ranked by the echo.

    With ``packed`` (a full build), the words arithmetic is numpy's over the packed vectors,
    and the candidates' profiles need no terms.

    Copies of one article appear once in the related list (the first by score, then id).
    """
    wanted = set(postings.candidates(a, entity_df)) | cites | cited
    wanted.discard(a.id)
    others = profiles(wanted)
    dots: dict[str, tuple[float, float]] = {}
    if packed is not None:
        packed.load(packed.numbers[a.id], a.name_terms)
        dots = dict(zip(others, packed.words([packed.numbers[o] for o in others]), strict=True))
    scored: list[Candidate] = []
    exact: list[str] = []
    near: list[tuple[float, str]] = []
    for other, b in others.items():
        if a.text_hash and b.text_hash == a.text_hash:
            exact.append(other)
            continue
        linked = other in cites or other in cited
        known = rel.similarities(a, b, linked, dots.get(other))
        if known[1] >= rel.NEAR_DUPLICATE * a.term_norm * b.term_norm:
            near.append((-known[1], other))
            continue
        total = rel.blended(other in cites, other in cited, *known)
        if total >= rel.MIN_SCORE:
            scored.append((round(total, 4), other, b.text_hash, known, 0.0))
    scored.sort(key=lambda x: (-x[0], x[1]))
    del scored[SHORTLIST:]
    if rel.ECHO and len(scored) > 2:
        scored = _echo(scored, others, packed)
    chosen: list[Candidate] = []
    seen_hashes: set[str] = set()
    for candidate in scored:
        text = candidate[2]
        if text and text in seen_hashes:
            continue
        seen_hashes.add(text)
        chosen.append(candidate)
        if len(chosen) >= rel.STORED:
            break
    shown: list[list[str] | None] = [None] * len(chosen)
    if packed is not None:
        numbers = [packed.numbers[c[1]] for c in chosen]
        shown = list(packed.shown(numbers, [c[3][1] for c in chosen]))
    kept = [
        rel.score(
            a,
            others[other],
            other in cites,
            other in cited,
            known,
            echo,
            None if terms is None else partial(_given, terms),
        )
        for (_total, other, _text, known, echo), terms in zip(chosen, shown, strict=True)
    ]
    duplicates = sorted(exact) + [other for _, other in sorted(near)]
    return kept, duplicates[: rel.STORED]


Candidate = tuple[float, str, str, tuple[float, float], float]  # total, id, hash, sims, echo


def _given(terms: list[str], _words: float) -> list[str]:
    """``related.score``'s ``shown``, for terms found beforehand (``Packed.shown``)."""
    return terms


def _echo(
    scored: list[Candidate], others: dict[str, Profile], packed: Packed | None = None
) -> list[Candidate]:
    """Re-rank by what the best matches agree on (pseudo-relevance feedback, as Rocchio's
    query expansion does): each candidate gains ``ECHO`` times its words cosine with the
    ``ECHO_TOP`` best others (one copy of each text, scoring at least ``ECHO_FLOOR`` of the
    best), averaged with their scores as weights. Stories of one thread resemble each other,
    so a candidate the best matches also resemble is more likely on the thread.

    The best matches are summed into one centroid first, so each candidate costs one dot
    product; a candidate among them (or a copy of one) is not compared with itself: its own
    part, its weight times its squared norm, comes off again."""
    floor = scored[0][0] * rel.ECHO_FLOOR
    top: list[tuple[float, Profile]] = []
    for c in scored:
        if len(top) >= rel.ECHO_TOP or c[0] < floor:
            break
        if not any(c[2] and c[2] == n.text_hash for _, n in top):
            top.append((c[0], others[c[1]]))
    mass = sum(weight for weight, _ in top)
    if packed is None:
        centroid: dict[str, float] = {}
        get = centroid.get
        for weight, n in top:
            for t, w in n.terms.items():
                centroid[t] = get(t, 0.0) + weight * w
        echoes = [
            rel.dot(b.terms, centroid, b.terms.keys() & centroid.keys())
            for b in (others[c[1]] for c in scored)
        ]
    else:
        numbers = packed.numbers
        echoes = packed.echo(
            [(weight, numbers[n.id]) for weight, n in top], [numbers[c[1]] for c in scored]
        )
    again = []
    for (total, other, text, known, _), echo in zip(scored, echoes, strict=True):
        b = others[other]
        left = mass
        for weight, n in top:
            if n is b or (text and n.text_hash == text):
                echo -= weight * b.term_norm * b.term_norm
                left -= weight
        bonus = rel.ECHO * max(echo, 0.0) / left if left > 1e-9 else 0.0
        again.append((round(total + bonus, 4), other, text, known, bonus))
    again.sort(key=lambda x: (-x[0], x[1]))
    return again
