"""Building the cross-reference tables: what ``links.refresh`` does after each update.

A full build (a new index, or more than ``BULK_SHARE`` of the corpus changed) works a chunk
of articles at a time so memory stays bounded; a small update redoes only the articles it
touched and those whose lists named them. ``links.py`` has the reading side.
"""

from __future__ import annotations

import json
import time
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import process

from index.links import candidates as cand
from index.links import related as rel
from index.links.references import (
    FUZZY_THRESHOLD,
    Resolution,
    TitleIndex,
    looks_like_path,
    normalise_title,
)
from index.links.vectors import Vectors
from index.store import workers

if TYPE_CHECKING:
    from index.store.catalog import Catalog
    from index.store.store import Store

BULK_SHARE = 0.2  # when more than this share of the corpus changed, recompute everything
LINKS_VERSION = "4"  # 4: whole vectors, 40 posted terms (3: tf-idf vectors, copies; 2: numbers)
CHUNK = 1000  # articles ranked at a time in a full build
PROFILE_CACHE = 12_000  # candidates' profiles a ranking worker keeps (~9 kB each at 10k)
DF_CACHE = 200_000  # term document frequencies remembered while computing key terms


# -- refreshing -----------------------------------------------------------------------------


def needs_refresh(store: Store) -> bool:
    """True when the links tables were built by another version of this module (or never):
    the next ``refresh``, whatever it is given, then recomputes everything."""
    catalog = store.catalog
    return catalog is not None and catalog.get_meta("links") != LINKS_VERSION


def refresh(store: Store, changed: set[str], removed: set[str]) -> dict[str, float]:
    """Recompute the links that the changed and removed articles affect.

    Returns the seconds spent on each step (for benchmarks).
    """
    catalog = store.catalog
    assert catalog is not None and store.ix is not None
    timings: dict[str, float] = {}
    started = time.perf_counter()
    title_rows = catalog.link_title_rows()
    known = {row[0] for row in title_rows}
    present = {i for i in changed if i in known}
    gone = (set(removed) | set(changed)) - known
    total = len(known)
    bulk = len(present) > max(50, BULK_SHARE * total) or needs_refresh(store)
    ids = sorted(known)
    if bulk:
        present, gone = set(known), set()
        catalog.link_clear()
        catalog.link_number_all(ids)
        numbers = {i: n for n, i in enumerate(ids, 1)}
        listing: set[str] = set()
    else:
        listing = catalog.link_listing(present | gone)
    old_targets = {r[5] for r in catalog.link_refs_where("source IN ({})", present | gone) if r[5]}
    catalog.link_forget(present | gone, gone)
    if not bulk:
        numbers = catalog.link_numbers(present)

    vectors = None
    if bulk:
        vectors = _key_terms_all(catalog, ids, numbers, total)
    else:
        with store.ix.searcher() as searcher:
            cache: dict[str, int] = {}

            def doc_frequency(term: str) -> int:
                found = cache.get(term)
                if found is None:
                    if len(cache) >= DF_CACHE:
                        cache.clear()
                    found = cache[term] = searcher.doc_frequency("body", term)
                return found

            for article_id, _title, paragraphs in catalog.link_bodies(sorted(present)):
                terms = rel.key_terms("\n\n".join(paragraphs), doc_frequency, total)
                catalog.link_put_article(
                    numbers[article_id],
                    article_id,
                    rel.text_hash(paragraphs),
                    terms,
                    posted=cand.POSTED_TERMS,
                )
    timings["terms"] = time.perf_counter() - started

    started = time.perf_counter()
    titles = TitleIndex(title_rows)
    touched = _resolve_references(catalog, titles, present, gone, bulk)
    timings["references"] = time.perf_counter() - started

    started = time.perf_counter()
    if vectors is not None:
        _rerank_all(catalog, vectors, total)
    else:
        _rerank(catalog, present, gone, touched | old_targets | listing, total)
    timings["related"] = time.perf_counter() - started
    catalog.set_meta("links", LINKS_VERSION)
    return timings


def _key_terms_all(
    catalog: Catalog, ids: list[str], numbers: dict[str, int], total: int
) -> Vectors:
    """Every article's key terms (a full build) from one reading of the text: the terms and
    counts of each article in flat arrays while document frequencies are counted, then the
    weights. Cheaper than asking Whoosh for each term's frequency, and the same numbers.
    Returns them packed, for ranking without reading them back."""
    code: dict[str, int] = {}
    vocab: list[str] = []
    df = array("i")
    start = array("l", [0])
    term_code = array("i")
    term_count = array("i")
    surface_code = array("i")
    hashes: list[str] = []
    order: list[str] = []
    for article_id, _title, paragraphs in catalog.link_bodies(ids):
        counts, surface = rel.term_counts("\n\n".join(paragraphs))
        for term, n in counts.items():
            c = code.get(term)
            if c is None:
                c = code[term] = len(vocab)
                vocab.append(term)
                df.append(0)
            df[c] += 1
            term_code.append(c)
            term_count.append(n)
            word = surface[term]
            w = code.get(word)
            if w is None:
                w = code[word] = len(vocab)
                vocab.append(word)
                df.append(0)
            surface_code.append(w)
        start.append(len(term_code))
        hashes.append(rel.text_hash(paragraphs))
        order.append(article_id)
    vectors = Vectors(ids)
    found = {article_id: k for k, article_id in enumerate(order)}
    rows = []
    for article_id in ids:  # in number order, as the vectors are packed
        k = found.get(article_id)
        if k is None:
            vectors.add_terms(None, [])
            continue
        first, last = start[k], start[k + 1]
        counts = {vocab[c]: term_count[j] for j, c in enumerate(term_code[first:last], first)}
        surface = {vocab[term_code[j]]: vocab[surface_code[j]] for j in range(first, last)}
        terms = rel.weigh_terms(counts, surface, lambda t: df[code[t]], total)
        vectors.add_terms(hashes[k], terms)
        rows.append((numbers[article_id], article_id, hashes[k], terms))
        if len(rows) >= CHUNK:
            catalog.link_add_articles(rows, posted=cand.POSTED_TERMS)
            rows = []
    catalog.link_add_articles(rows, posted=cand.POSTED_TERMS)
    catalog.link_index_terms()
    return vectors


def _resolve_references(
    catalog: Catalog, titles: TitleIndex, present: set[str], gone: set[str], bulk: bool
) -> set[str]:
    """Store the references of ``present`` articles and re-resolve other articles' references
    that the change may affect. Returns the articles whose links changed."""
    touched: set[str] = set()
    rows = []
    for source, _title, when, see_also in catalog.link_sources(present):
        touched.add(source)
        for position, written in enumerate(json.loads(see_also)):
            found = titles.resolve(written, source, when)
            if not written.strip():
                continue
            rows.append(_ref_row(source, position, written, found))
            if found.target:
                touched.add(found.target)
    catalog.link_put_refs(rows)
    if bulk:
        return touched

    # Other articles' references: those that pointed at a changed or removed article, and
    # unresolved or fuzzily resolved ones a new title may now match better.
    changed_ids = present | gone
    again = {r[0]: r for r in catalog.link_refs_where("target IN ({})", changed_ids)}
    norms = {titles.norm[i]: i for i in present}
    for r in catalog.link_refs_where("(target IS NULL OR how='fuzzy')"):
        if r[1] in changed_ids:
            continue
        if r[4] in norms or looks_like_path(r[3]):
            again[r[0]] = r
    loose = [r for r in catalog.link_refs_where("target IS NULL") if r[1] not in changed_ids]
    if loose and norms:
        choices = [r[4] for r in loose]
        for norm in norms:
            for _, _value, index in process.extract(
                norm,
                choices,
                scorer=titles.similarity,
                score_cutoff=FUZZY_THRESHOLD,
                limit=None,
            ):
                again[loose[index][0]] = loose[index]
    dates = dict(catalog.link_dates(r[1] for r in again.values()))
    for rowid, source, _position, written, _norm, target, how, value, _others in again.values():
        found = titles.resolve(written, source, dates.get(source))
        if (found.target, found.how) != (target, how) or found.score != value:
            catalog.link_set_ref(
                rowid, found.target, found.how, found.score, json.dumps(found.others)
            )
            touched |= {source, *(t for t in (target, found.target) if t)}
    return touched


def _ref_row(source: str, position: int, written: str, found: Resolution) -> tuple:
    return (
        source,
        position,
        written,
        normalise_title(written),
        found.target,
        found.how,
        found.score,
        json.dumps(found.others),
    )


def _rerank(
    catalog: Catalog,
    present: set[str],
    gone: set[str],
    touched: set[str],
    total: int,
) -> None:
    """Recompute the related lists that the change may have moved (``touched`` includes
    the articles whose lists held a changed or removed article)."""
    entity_df = _entity_df(catalog)
    names = rel.ambiguous_terms(entity_df)
    cache: dict[str, rel.Profile] = {}

    def profiles(ids: Iterable[str]) -> dict[str, rel.Profile]:
        wanted = [i for i in ids if i not in cache]
        if wanted:
            cache.update(_profiles(catalog, wanted, entity_df, total, names))
        return {i: cache[i] for i in ids if i in cache}

    postings = cand.Postings(catalog.link_term_postings, catalog.link_entity_postings)
    first = (present | touched) - gone
    neighbours: set[str] = set()
    for article_id in sorted(first):
        ranked = _rank_one(catalog, article_id, profiles, postings, entity_df)
        if article_id in present:
            # A new or changed article may now belong in its neighbours' lists too.
            neighbours |= {s.other for s in ranked[0]} | set(ranked[1])
    for article_id in sorted(neighbours - first):
        _rank_one(catalog, article_id, profiles, postings, entity_df)


def _rank_one(
    catalog: Catalog,
    article_id: str,
    profiles: Callable[[Iterable[str]], dict[str, rel.Profile]],
    postings: cand.Postings,
    entity_df: dict[str, int],
) -> tuple[list[rel.Scored], list[str]]:
    mine = profiles([article_id]).get(article_id)
    if mine is None:
        return [], []
    cites = {
        r[5]
        for r in catalog.link_refs_where("source=?", [article_id])
        if r[5] and r[5] != article_id
    }
    cited = {r[1] for r in catalog.link_refs_where("target=?", [article_id]) if r[1] != article_id}
    ranked, copies = cand.rank(mine, profiles, postings, entity_df, cites, cited)
    numbers = catalog.link_numbers([article_id, *(s.other for s in ranked), *copies])
    catalog.link_put_related(
        numbers[article_id],
        [(numbers[s.other], s.score, rel.reasons_json(s)) for s in ranked],
    )
    catalog.link_put_copies(numbers[article_id], [numbers[c] for c in copies])
    return ranked, copies


def _rerank_all(catalog: Catalog, vectors: Vectors, total: int) -> None:
    """Every related list (a full build), ``CHUNK`` articles at a time: their candidates'
    vectors from ``vectors`` (every article's key terms, from ``_key_terms_all``; their
    entity vectors are added here), their own full profiles with the names to show.
    ``vectors.ids`` are sorted; article ``ids[k]`` is number ``k + 1``.

    The parent reads each chunk from the catalog and writes its lists; the ranking, nearly
    all the time, runs in forked workers (which share the packed vectors) when the corpus
    has more than one chunk and the machine more than one core."""
    global _RANKING
    ids = vectors.ids
    entity_df = _entity_df(catalog)
    names = rel.ambiguous_terms(entity_df)
    numbers = {i: n for n, i in enumerate(ids, 1)}
    rare: dict[str, array[int]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        entities = dict(catalog.link_entities(chunk))
        for article_id in chunk:
            profile = rel.Profile(article_id)
            if entities.get(article_id):
                rel.entity_profile(profile, entities[article_id], entity_df, total)
            vectors.add_entities(profile.entities)
            for raw in profile.fold:
                if entity_df.get(raw, 0) <= cand.RARE_ENTITY:
                    rare.setdefault(raw, array("i")).append(numbers[article_id])
    postings = cand.CompactPostings(ids, vectors.posted(cand.POSTED_TERMS), rare)
    _RANKING = _Ranking(numbers, vectors, postings, entity_df, names, total)
    _PROFILES.clear()
    jobs = (_chunk_job(catalog, ids[s : s + CHUNK]) for s in range(0, len(ids), CHUNK))
    count = workers.count()
    try:
        if len(ids) > CHUNK and count > 1:
            ranked: Iterable[_Rows] = workers.ordered_map(_rank_chunk, jobs, count)
        else:
            ranked = map(_rank_chunk, jobs)
        for rows, copy_rows in ranked:
            catalog.link_add_related(rows)
            catalog.link_add_copies(copy_rows)
    finally:
        _RANKING = None
        _PROFILES.clear()


@dataclass
class _Ranking:
    """What ranking any article of a full build needs, built once in the parent (forked
    workers share it)."""

    numbers: dict[str, int]
    vectors: Vectors
    postings: cand.CompactPostings
    entity_df: dict[str, int]
    names: set[str]  # the corpus's words that are ambiguous names (``ambiguous_terms``)
    total: int


_RANKING: _Ranking | None = None  # set while a full build ranks (read by ``_rank_chunk``)
# A chunk's ids, their entities JSON, what each cites and what cites each.
_Job = tuple[list[str], dict[str, str], dict[str, set[str]], dict[str, set[str]]]
_Rows = tuple[list[tuple[int, int, int, float, str]], list[tuple[int, int, int]]]


def _chunk_job(catalog: Catalog, chunk: list[str]) -> _Job:
    """A chunk's articles with their entities and see-also links, read in the parent (the
    catalog's new rows are not committed yet, so workers could not read them)."""
    entities = {i: e for i, e in catalog.link_entities(chunk) if e}
    cites: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for r in catalog.link_refs_where("source IN ({}) AND target != source", chunk):
        cites[r[1]].add(r[5])
    for r in catalog.link_refs_where("target IN ({}) AND target != source", chunk):
        cited[r[5]].add(r[1])
    return chunk, entities, dict(cites), dict(cited)


def _rank_chunk(job: _Job) -> _Rows:
    """The related lists and copies of a chunk's articles, as rows to store."""
    assert _RANKING is not None
    numbers, vectors = _RANKING.numbers, _RANKING.vectors
    chunk, entities, cites, cited = job
    full: dict[str, rel.Profile] = {}
    for article_id in chunk:
        profile = vectors.profile(numbers[article_id], surface=True)
        if profile is not None:
            profile.entities = {}
            if article_id in entities:
                rel.entity_profile(
                    profile, entities[article_id], _RANKING.entity_df, _RANKING.total
                )
            _name_terms(profile, _RANKING.names)
            full[article_id] = profile
    cache = _PROFILES

    def profiles(wanted: Iterable[str]) -> dict[str, rel.Profile]:
        got = {}
        for i in wanted:
            profile = full.get(i) or cache.get(i)
            if profile is None and i in numbers:
                profile = vectors.profile(numbers[i])
                if profile is not None:
                    if len(cache) >= PROFILE_CACHE:
                        cache.clear()
                    cache[i] = profile
            if profile is not None:
                got[i] = profile
        return got

    rows = []
    copy_rows = []
    for article_id in chunk:
        if article_id not in full:
            continue
        ranked, copies = cand.rank(
            full[article_id],
            profiles,
            _RANKING.postings,
            _RANKING.entity_df,
            cites.get(article_id, set()),
            cited.get(article_id, set()),
        )
        mine = numbers[article_id]
        rows += [
            (mine, rank, numbers[s.other], s.score, rel.reasons_json(s))
            for rank, s in enumerate(ranked)
        ]
        copy_rows += [(mine, rank, numbers[c]) for rank, c in enumerate(copies)]
    return rows, copy_rows


# Candidates' profiles of a full build, kept from chunk to chunk by each ranking process (the
# same articles are candidates again and again); emptied when the build ends.
_PROFILES: dict[str, rel.Profile] = {}


def _entity_df(catalog: Catalog) -> dict[str, int]:
    return dict(catalog.db.execute("SELECT key, articles FROM entities").fetchall())


def _profiles(
    catalog: Catalog,
    ids: list[str] | None,
    entity_df: dict[str, int],
    total: int,
    names: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, rel.Profile]:
    """Scoring profiles of these articles (all when ``ids`` is None), each knowing which of
    its words are ambiguous names somewhere in the corpus."""
    found: dict[str, rel.Profile] = {}
    for article_id, _norm, text_hash, terms in catalog.link_articles(ids):
        profile = rel.Profile(article_id, text_hash)
        for term, weight, surface in json.loads(terms or "[]"):
            profile.terms[term] = weight
            profile.surface[term] = surface
        found[article_id] = profile
    for article_id, entities in catalog.link_entities(ids):
        if article_id in found and entities:
            rel.entity_profile(found[article_id], entities, entity_df, total)
    for profile in found.values():
        _name_terms(profile, names)
    return found


def _name_terms(profile: rel.Profile, names: set[str]) -> None:
    """Mark the profile's words that are ambiguous names (``related.NAME_WORDS``)."""
    if rel.NAME_WORDS == "own":
        own = {rel._term(profile.names[k].lower()) for k in profile.ambiguous}
        profile.name_terms = own & profile.terms.keys()
    elif rel.NAME_WORDS == "corpus":
        profile.name_terms = names & profile.terms.keys()
