"""A full build's related lists: every article ranked from the packed vectors of
``build._key_terms_all``, a chunk at a time, in forked workers when there are several chunks
and cores (``index.store.workers``)."""

from __future__ import annotations

import json
from array import array
from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.links import candidates as cand
from index.links import related as rel
from index.links.vectors import Vectors
from index.store import workers
from index.store.terms import key_term

if TYPE_CHECKING:
    from index.links.packed import CompactPostings, Packed
    from index.store.catalog import Catalog

CHUNK = 1000  # articles ranked at a time (as build.CHUNK)
JOBS_EACH = 4  # ranking jobs a worker takes at least (``job_size``)
# What the candidates' profiles a ranking worker keeps may take (the least recently used go
# first). A candidate's profile holds no terms (``packed`` reads them from the vectors): its
# entities, about 64 bytes each, and ~1,500 bytes of empty fields. Each process has its own.
PROFILE_BYTES = 32 * 1024 * 1024
ENTITY_BYTES = 64
PROFILE_OVERHEAD = 1500
MIN_PROFILES = 100


def rerank_all(catalog: Catalog, vectors: Vectors, total: int) -> None:
    """Every related list (a full build), ``CHUNK`` articles at a time: their candidates'
    vectors from ``vectors`` (every article's key terms, from ``_key_terms_all``; their
    entity vectors are added here), their own full profiles with the names to show.
    ``vectors.ids`` are sorted; article ``ids[k]`` is number ``k + 1``.

    The parent reads each chunk from the catalog and writes its lists; the ranking, nearly
    all the time, runs in forked workers (which share the packed vectors) when the corpus
    has more than one chunk and the machine more than one core."""
    global _RANKING
    # numpy takes ~0.15 s to import: only a full build needs it, not the reader's start.
    from index.links.packed import CompactPostings, Packed

    ids = vectors.ids
    entity_df = entity_frequencies(catalog)
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
    postings = CompactPostings(ids, vectors.vocab, lambda: vectors.posted(cand.POSTED_TERMS), rare)
    named = len(vectors.entity_key) / max(1, len(vectors.hashes))  # entities an article
    kept = max(MIN_PROFILES, int(PROFILE_BYTES / (ENTITY_BYTES * named + PROFILE_OVERHEAD)))
    _RANKING = _Ranking(
        numbers, vectors, postings, entity_df, names, total, kept, Packed(vectors, numbers)
    )
    _PROFILES.clear()
    count = workers.count()
    parallel = len(ids) > CHUNK and count > 1
    size = job_size(len(ids), count if parallel else 1)
    jobs = (_chunk_job(catalog, ids[s : s + size]) for s in range(0, len(ids), size))
    try:
        if parallel:
            ranked: Iterable[_Rows] = workers.ordered_map(_rank_chunk, jobs, count)
        else:
            ranked = map(_rank_chunk, jobs)
        for rows, copy_rows in ranked:
            catalog.link_add_related(rows)
            catalog.link_add_copies(copy_rows)
    finally:
        _RANKING = None
        _PROFILES.clear()


def job_size(articles: int, count: int) -> int:
    """Articles a ranking job takes: at most ``CHUNK``, at least ``JOBS_EACH`` jobs a worker,
    as many jobs as a multiple of the workers, all the same size. The last jobs end
    together only as nearly as their lengths vary, and the parent writes the last job's
    rows alone: 2,263 articles in 4 jobs of 566 left a core idle ~0.3 s at the end of the
    build, in 8 jobs of 283 ~0.1 s."""
    jobs = max(-(-max(1, articles) // CHUNK), JOBS_EACH * count)
    jobs = -(-jobs // count) * count
    return max(1, -(-articles // jobs))


@dataclass
class _Ranking:
    """What ranking any article of a full build needs, built once in the parent (forked
    workers share it)."""

    numbers: dict[str, int]
    vectors: Vectors
    postings: CompactPostings
    entity_df: dict[str, int]
    names: set[str]  # the corpus's words that are ambiguous names (``ambiguous_terms``)
    total: int
    kept: int  # candidates' profiles a worker keeps (``PROFILE_BYTES``)
    packed: Packed  # the words arithmetic (the views of ``vectors``: dropped before it closes)


_RANKING: _Ranking | None = None  # set while a full build ranks (read by ``_rank_chunk``)
# A chunk's ids, their entities JSON, their key terms JSON, what each cites and what cites each.
_Job = tuple[list[str], dict[str, str], dict[str, str], dict[str, set[str]], dict[str, set[str]]]
_Rows = tuple[list[tuple[int, int, int, float, str]], list[tuple[int, int, int]]]


def _chunk_job(catalog: Catalog, chunk: list[str]) -> _Job:
    """A chunk's articles with their entities, key terms (for the words to show) and
    see-also links, read in the parent (the catalog's new rows are not committed yet, so
    workers could not read them)."""
    entities = {i: e for i, e in catalog.link_entities(chunk) if e}
    weighed = {row[0]: row[3] for row in catalog.link_articles(chunk) if row[3]}
    cites: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for r in catalog.link_refs_where("source IN ({}) AND target != source", chunk):
        cites[r[1]].add(r[5])
    for r in catalog.link_refs_where("target IN ({}) AND target != source", chunk):
        cited[r[5]].add(r[1])
    return chunk, entities, weighed, dict(cites), dict(cited)


def _rank_chunk(job: _Job) -> _Rows:
    """The related lists and copies of a chunk's articles, as rows to store."""
    assert _RANKING is not None
    numbers, vectors = _RANKING.numbers, _RANKING.vectors
    chunk, entities, weighed, cites, cited = job
    full: dict[str, rel.Profile] = {}
    for article_id in chunk:
        profile = vectors.profile(numbers[article_id])
        if profile is not None:
            profile.surface = {t: s for t, _w, s in json.loads(weighed.get(article_id, "[]"))}
            profile.entities = {}
            if article_id in entities:
                rel.entity_profile(
                    profile, entities[article_id], _RANKING.entity_df, _RANKING.total
                )
            name_terms(profile, _RANKING.names)
            full[article_id] = profile
    cache, kept = _PROFILES, _RANKING.kept

    def profiles(wanted: Iterable[str]) -> dict[str, rel.Profile]:
        got = {}
        for i in wanted:
            profile = full.get(i)
            if profile is None:
                profile = cache.get(i)
                if profile is not None:
                    cache.move_to_end(i)
                elif i in numbers:
                    profile = vectors.profile(numbers[i], terms=False)
                    if profile is not None:
                        cache[i] = profile
                        if len(cache) > kept:
                            cache.popitem(last=False)  # the least recently used
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
            _RANKING.packed,
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
_PROFILES: OrderedDict[str, rel.Profile] = OrderedDict()


def entity_frequencies(catalog: Catalog) -> dict[str, int]:
    return dict(catalog.db.execute("SELECT key, articles FROM entities").fetchall())


def name_terms(profile: rel.Profile, names: set[str]) -> None:
    """Mark the profile's words that are ambiguous names (``related.NAME_WORDS``)."""
    if rel.NAME_WORDS == "own":
        own = {key_term(profile.names[k].lower()) for k in profile.ambiguous}
        profile.name_terms = own & profile.terms.keys()
    elif rel.NAME_WORDS == "corpus":
        profile.name_terms = names & profile.terms.keys()
