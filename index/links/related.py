"""Related stories: what makes two articles about the same story, scored in one place.

``links.refresh`` computes every changed article's key terms and calls
``candidates.rank`` for every article whose list may have moved; ``links.related`` only
reads the stored lists.

An article is described by three things, each kept where a lookup finds it:

* its **explicit links**: the see-also references it makes and receives (``link_refs``);
* its **entities**: people, organisations, places and groups it names (``mentions``), a
  nationality folded into its country ("Belarusian" counts as Belarus);
* its **key terms**: its whole tf-idf vector over the body words, stemmed as the Whoosh
  index stems them (``link_articles``; only an article longer than most loses its
  lightest words, past ``KEY_TERMS``), its ``candidates.POSTED_TERMS`` heaviest inverted
  by term (``link_keyterms``) so that other articles find it.

The blend starts from the floor a plain TF-IDF cosine sets and adds what TF-IDF lacks: see-also
links both ways, shared people and organisations, and agreement with the article's other best
matches (``candidates._echo``). A one-word name ("Roma", "CSA") counts only when other shared
evidence backs it. Exact and near copies are kept apart as duplicates.

Candidates are the articles sharing one of its ``CANDIDATE_TERMS`` heaviest key terms or an
uncommon entity with it, or linked to it (postings lookups, never a scan); each is then
scored by ``score`` over the whole vectors.
"""

from __future__ import annotations

import heapq
import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from operator import mul, neg

from index.model import Reason
from index.store.catalog_links import compact_json
from index.store.terms import key_term, term_counts

# -- the blend ---------------------------------------------------------------------------------
W_SEE_ALSO = 0.5  # the article points at the other one
W_CITED_BY = 0.4  # the other one points at the article
W_ENTITIES = 0.3  # cosine of the entity vectors (0..1)
W_WORDS = 1.0  # tf-idf cosine of the body words (0..1): the floor the rest builds on
MIN_SCORE = 0.04  # below this, two articles share only common words: not a story
BACKING = 0.05  # words cosine that backs an ambiguous entity ("Roma", "CSA")
NEAR_DUPLICATE = 0.9  # cosine of the kept terms from which an article is a copy of another
NAME_WORDS = "corpus"
ECHO = 1.0  # weight of a candidate's resemblance to the best others (``candidates._echo``)
ECHO_TOP = 3
ECHO_FLOOR = 0.5  # share of the best score an echoing match needs
KIND_WEIGHT = {"PERSON": 1.0, "ORG": 0.8, "GPE": 0.5, "LOC": 0.4, "NORP": 0.4}
KEY_TERMS = 500  # key terms kept per article: all but in long ones (the norm counts all)
STORED = 20  # related articles stored per article (the most `related()` returns)
SHOWN_ITEMS = 4  # entity names / words given as a reason


def blend(
    cites: bool, cited: bool, entities: float, words: float
) -> tuple[float, dict[str, float]]:
    """The related score of a pair, and each part of it.

    ``score = W_SEE_ALSO·[A cites B] + W_CITED_BY·[B cites A] + W_ENTITIES·entities
    + W_WORDS·words``

    * ``words`` is the tf-idf cosine of the two articles' bodies (``key_terms``): the floor,
      what a plain TF-IDF baseline would rank by;
    * explicit links add to it: a see-also in either direction lifts a story above most
      word matches (a cosine of 0.5 is already a close match);
    * ``entities`` is the cosine of the two articles' entity vectors. An entity's weight is
      ``KIND_WEIGHT[label] · idf · (1 + log mentions)``, with ``idf = log(1 + N / df)``: a
      named official in three articles counts far more than a country named in most, and a
      person more than a place (people pin a story down, places are shared by many stories);
      Entities add less than words: the extractor's names are noisier than the text, and
      the names are words already.

    A pair scoring under ``MIN_SCORE`` shares only common words and is not listed. Weights
    were set on the 20 Newsgroups training split and generated corpora (benchmarks/).
    """
    parts = {
        "see_also": W_SEE_ALSO if cites else 0.0,
        "cited_by": W_CITED_BY if cited else 0.0,
        "entities": W_ENTITIES * entities,
        "words": W_WORDS * words,
    }
    return blended(cites, cited, entities, words), parts


def blended(cites: bool, cited: bool, entities: float, words: float) -> float:
    """``blend``'s score alone, for ranking's ~60 candidates an article (the same sum)."""
    see_also = W_SEE_ALSO if cites else 0.0
    cited_by = W_CITED_BY if cited else 0.0
    return see_also + cited_by + W_ENTITIES * entities + W_WORDS * words


# -- describing one article --------------------------------------------------------------------


def key_terms(text: str, doc_frequency: Callable[[str], int], total: int) -> list[list[object]]:
    """The article's tf-idf vector as [term, weight, surface word], heaviest first.

    Weights are ``(1 + log tf) · log(1 + total / df)`` divided by the norm of the *whole*
    vector, so the dot product of two articles' lists is their tf-idf cosine (as a plain
    TF-IDF baseline computes it) up to the terms left out: only the ``KEY_TERMS`` heaviest
    are kept, and never a term found in no other article (it relates this one to nothing).
    """
    counts, surface = term_counts(text)
    return weigh_terms(counts, surface, doc_frequency, total)


def weigh_terms(
    counts: dict[str, int],
    surface: dict[str, str],
    doc_frequency: Callable[[str], int],
    total: int,
    idf: dict[str, float] | None = None,
) -> list[list[object]]:
    """``key_terms`` of an article whose terms are counted already (``term_counts``).

    ``idf``, kept by the caller across articles weighed with the same frequencies (a full
    build), remembers each term's ``log(1 + total / df)``, negative for a term found in one
    article only."""
    known = {} if idf is None else idf
    log = math.log
    scored = []
    squares = 0.0
    for term, tf in counts.items():
        factor = known.get(term)
        if factor is None:
            df = doc_frequency(term)
            factor = log(1 + total / max(1, df))
            known[term] = factor = factor if df > 1 or total <= 1 else -factor
        weight = (_TF[tf] if tf < len(_TF) else 1 + log(tf)) * factor
        squares += weight * weight
        if factor > 0:
            scored.append((weight, term))
    top = heapq.nlargest(KEY_TERMS, scored)
    norm = math.sqrt(squares) or 1.0
    return [[t, round(w / norm, 5), surface.get(t, t)] for w, t in top]


_TF = [0.0] + [1 + math.log(tf) for tf in range(1, 64)]  # 1 + log tf, for the usual counts


def ambiguous(name: str) -> bool:
    """True for a name that may mean different things in different articles: one word (a
    word, a place, a club, a people, a surname or an acronym: "Roma", "Chelsea", "CSA").
    Such a name ranks an article only when other shared evidence backs it."""
    return len(name.split()) <= 1


def ambiguous_terms(entity_df: dict[str, int]) -> set[str]:
    """The words of the corpus that are an ambiguous name somewhere in it (from entity keys,
    ``LABEL:name``): in any article, such a word needs backing like the name itself."""
    found = set()
    for key in entity_df:
        label, _, name = key.partition(":")
        if label in KIND_WEIGHT and ambiguous(name):
            term = key_term(name.lower())
            if term:
                found.add(term)
    return found


@dataclass
class Profile:
    """What scoring needs to know about one article."""

    id: str
    text_hash: str = ""
    terms: dict[str, float] = field(default_factory=dict)  # stem -> unit weight
    surface: dict[str, str] = field(default_factory=dict)  # stem -> word
    entities: dict[str, float] = field(default_factory=dict)  # key -> weight (not unit)
    names: dict[str, str] = field(default_factory=dict)  # key -> display name
    fold: dict[str, str] = field(default_factory=dict)  # raw key (``mentions``) -> folded key
    ambiguous: set[str] = field(default_factory=set)  # keys that need backing (``ambiguous``)
    name_terms: set[str] = field(default_factory=set)  # its words that are ambiguous names

    @cached_property
    def entity_norm(self) -> float:
        return math.sqrt(sum(w * w for w in self.entities.values())) or 1.0

    @cached_property
    def term_norm(self) -> float:
        """The norm of the kept terms (at most 1: the weights are parts of a unit vector)."""
        return math.sqrt(sum(w * w for w in self.terms.values()))


def entity_profile(profile: Profile, entities_json: str, df: dict[str, int], total: int) -> None:
    """Fill a profile's entity vector from the catalog's ``article_entities`` JSON.

    A nationality with a linked country ("NORP:belarusian" -> "GPE:belarus") counts as that
    country; its frequency is the larger of the two keys' article counts.
    """
    folded: dict[str, list] = {}  # key -> [label, name, count, df]
    for key, name, label, _aliases, count, _value, link in json.loads(entities_json):
        if label not in KIND_WEIGHT:
            continue
        raw = key
        if label == "NORP" and link:
            key, label, name = link, "GPE", ""
        profile.fold[raw] = key
        entry = folded.setdefault(key, [label, name, 0, 0])
        entry[1] = entry[1] or name
        entry[2] += count
        entry[3] = max(entry[3], df.get(raw, 1), df.get(key, 0))
    for key, (label, name, count, key_df) in folded.items():
        idf = math.log(1 + total / max(1, key_df))
        profile.entities[key] = KIND_WEIGHT[label] * idf * (1 + math.log(max(1, count)))
        profile.names[key] = name or _name_of(key)
        if ambiguous(profile.names[key]):
            profile.ambiguous.add(key)


def _name_of(key: str) -> str:
    """A display name from a key, when only a linked key is known ("GPE:belarus" -> Belarus)."""
    return key.split(":", 1)[1].title()


# -- scoring a pair ----------------------------------------------------------------------------


def dot(a: dict[str, float], b: dict[str, float], common: Iterable[str]) -> float:
    """The dot product of two sparse vectors over their ``common`` keys (in C, mostly)."""
    return sum(map(mul, map(a.__getitem__, common), map(b.__getitem__, common)))


RawReason = tuple[str, list[str], float]  # (kind, items, weight): a Reason, cheap to build


@dataclass(frozen=True)
class Scored:
    other: str
    score: float
    raw: tuple[RawReason, ...]  # best first

    @property
    def reasons(self) -> tuple[Reason, ...]:
        return tuple(Reason(k, tuple(items), w) for k, items, w in self.raw)


def similarities(
    a: Profile, b: Profile, linked: bool = False, dots: tuple[float, float] | None = None
) -> tuple[float, float]:
    """(entity cosine, words cosine) of two articles, each at most 1.

    An ambiguous name ("Roma": a club, a people; "CSA": two agencies) counts, as an entity
    or as a word, only when the pair shares other evidence: an explicit link (``linked``),
    an unambiguous entity, or other words (cosine at least ``BACKING`` without the name).

    ``dots`` is ``word_dots(a, b)`` when the caller has it (``packed.Packed.words``).
    """
    ae, be = a.entities, b.entities
    whole, name = dots or word_dots(a, b)
    words = min(whole, 1.0)
    shared = ae.keys() & be.keys()
    if not linked and (name > 0.0 or shared) and shared <= a.ambiguous:
        rest = words - name
        if rest < BACKING and (shared or name >= rest):  # the names alone carry the pair
            return 0.0, max(rest, 0.0)
    if not shared:
        return 0.0, words
    ent = sum([ae[k] * be[k] for k in shared])
    return min(ent / (a.entity_norm * b.entity_norm), 1.0), words


def word_dots(a: Profile, b: Profile) -> tuple[float, float]:
    """(dot product of the two articles' key terms, the part of it from ``a``'s words that
    are ambiguous names)."""
    at, bt = a.terms, b.terms
    both = at.keys() & bt.keys()
    names = both & a.name_terms
    return dot(at, bt, both), sum([at[t] * bt[t] for t in names])


def score(
    a: Profile,
    b: Profile,
    cites: bool,
    cited: bool,
    known: tuple[float, float] | None = None,
    echo: float = 0.0,
    shown: Callable[[float], list[str]] | None = None,
) -> Scored:
    """Score article ``b`` as related to ``a``, with the reasons a reader is shown: each the
    evidence that carried its part of the score, heaviest first.

    ``known`` is ``similarities(a, b)`` when the caller has it already; ``echo`` is the
    part of the score that comes from ``b`` resembling ``a``'s other best matches;
    ``shown(words)``, when given, finds the words to show as ``_shown`` does
    (``packed.Packed.shown``).
    """
    ent, words = known or similarities(a, b, cites or cited)
    total, parts = blend(cites, cited, ent, words)
    total += echo
    raw: list[RawReason] = []
    if cites:
        raw.append(("see_also", [], parts["see_also"]))
    if cited:
        raw.append(("cited_by", [], parts["cited_by"]))
    if parts["entities"] >= 0.01:
        shared = [
            (-a.entities[k] * b.entities[k], k) for k in a.entities.keys() & b.entities.keys()
        ]
        top = heapq.nsmallest(SHOWN_ITEMS, shared)
        names = [a.names.get(k) or _name_of(k) for _, k in top]
        raw.append(("entities", names, round(parts["entities"], 4)))
    if parts["words"] >= 0.01:
        terms = _shown(a, b, words) if shown is None else shown(words)
        raw.append(("words", [a.surface.get(t, t) for t in terms], round(parts["words"], 4)))
    if echo >= 0.01:
        raw.append(("echo", [], round(echo, 4)))
    raw.sort(key=lambda r: -r[2])
    return Scored(b.id, round(total, 4), tuple(raw))


def _shown(a: Profile, b: Profile, words: float) -> list[str]:
    """The ``SHOWN_ITEMS`` shared terms adding most to the pair's words cosine ``words``
    (ties by term), heaviest first; ``a``'s ambiguous names left out when the cosine left
    them out (``similarities``)."""
    at, bt = a.terms, b.terms
    both = at.keys() & bt.keys()
    named = both & a.name_terms
    if named and dot(at, bt, both) > words + 1e-6:
        both -= named  # an unbacked name left out of the score: not shown either
    order = list(both)
    products = map(neg, map(mul, map(at.__getitem__, order), map(bt.__getitem__, order)))
    return [t for _, t in heapq.nsmallest(SHOWN_ITEMS, zip(products, order, strict=True))]


# Reasons as stored: compact JSON, each kind by one letter (a related list is 20 of these per
# article, the largest thing in the catalog).
_CODE = {"see_also": "s", "cited_by": "c", "entities": "e", "words": "w", "echo": "o"}
_KIND = {code: kind for kind, code in _CODE.items()}


def reasons_json(scored: Scored) -> str:
    """``compact_json`` of the reasons, each ``[code, items, weight]``; written out here,
    as the encoder would (strings as it quotes them, a float as its ``repr``): 20 of these
    an article, the encoder's setting up was most of their cost."""
    parts = []
    for kind, items, weight in scored.raw:
        if type(weight) is not float or not math.isfinite(weight):
            return compact_json([[_CODE.get(k, k), i, w] for k, i, w in scored.raw])
        names = ",".join(map(_quoted, items))
        parts.append(f"[{_quoted(_CODE.get(kind, kind))},[{names}],{weight!r}]")
    return f"[{','.join(parts)}]"


_quoted = json.encoder.encode_basestring  # a string as ``compact_json`` writes it


def reasons_from_json(text: str) -> tuple[Reason, ...]:
    return tuple(Reason(_KIND.get(k, k), tuple(items), w) for k, items, w in json.loads(text))
