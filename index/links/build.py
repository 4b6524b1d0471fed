"""Building the cross-reference tables: what ``links.refresh`` does after each update.

A full build (a new index, or more than ``BULK_SHARE`` of the corpus changed) works a chunk
of articles at a time so memory stays bounded; a small update redoes only the articles it
touched and those whose lists named them (references: ``resolving.py``). ``views.py`` has
the reading side.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from index.links import candidates as cand
from index.links import ranking, rescoring, resolving
from index.links import related as rel
from index.links.changes import Changes, Spool
from index.links.references import TitleIndex
from index.links.vectors import Vectors
from index.store import terms
from index.store.terms import Counted

if TYPE_CHECKING:
    from index.store.catalog import Catalog
    from index.store.store import Store

BULK_SHARE = 0.2  # when more than this share of the corpus changed, recompute everything
LINKS_VERSION = "5"  # 5: whole vectors, 40 posted terms (4: document frequencies)
CHUNK = 1000  # articles ranked at a time in a full build
WRITTEN = 100  # articles' key terms written at a time (each its few hundred terms as lists)


# -- refreshing -----------------------------------------------------------------------------


def needs_refresh(store: Store) -> bool:
    """True when the links tables were built by another version of this module (or never),
    or an update was stopped before it refreshed them (``mark_pending``): the next
    ``refresh``, whatever it is given, then recomputes everything."""
    catalog = store.catalog
    return catalog is not None and catalog.get_meta("links") != LINKS_VERSION


def mark_pending(store: Store, pending: bool = True) -> None:
    """Say (in the catalog's next commit) that articles are being written and the links
    tables not yet refreshed for them; ``refresh`` or ``pending=False`` says it no more."""
    assert store.catalog is not None
    store.catalog.set_meta("links", "pending" if pending else LINKS_VERSION)


def refresh(
    store: Store,
    changed: set[str],
    removed: set[str],
    changes: Changes | None = None,
    full: bool | None = None,
) -> dict[str, float]:
    """Recompute the links that the changed and removed articles affect.

    ``changes`` says what the update replaced and wrote; without it, when much changed, or
    when ``full`` (by default: ``needs_refresh``), everything is recomputed. Returns the
    seconds spent on each step (for benchmarks).
    """
    catalog = store.catalog
    assert catalog is not None
    timings: dict[str, float] = {}
    started = time.perf_counter()
    total = catalog.count()
    present, gone = _present_and_gone(catalog, changed, removed)
    if full is None:
        full = needs_refresh(store)
    bulk = len(present) > max(50, BULK_SHARE * total) or full
    if changes is None:
        bulk = bulk or bool(present or gone)
        changes = Changes()
    title_rows = catalog.link_title_rows() if bulk else []
    ids = sorted(row[0] for row in title_rows)
    if bulk:
        present, gone = set(ids), set()
        catalog.link_clear()
        catalog.link_number_all(ids)
        numbers = {i: n for n, i in enumerate(ids, 1)}
        listing: set[str] = set()
    else:
        listing = catalog.link_listing(present | gone)
    # An edit that leaves every title, date and see-also list as it was moves no reference.
    unmoved = set() if bulk else resolving.unmoved(catalog, present, gone, changes)
    old_targets = {r[5] for r in catalog.link_refs_where("source IN ({})", present | gone) if r[5]}
    copied = set() if bulk else _copied(catalog, present)  # before: their text as it was
    catalog.link_forget(present | gone, gone, keep_refs=unmoved)
    if not bulk:
        numbers = catalog.link_numbers(present)

    vectors = None
    if bulk:
        vectors = _key_terms_all(catalog, ids, numbers, total, changes.spool)
    else:
        _key_terms_some(catalog, sorted(present), numbers, total, changes)
    timings["terms"] = time.perf_counter() - started

    started = time.perf_counter()
    touched: set[str] = set()
    if bulk or gone or present - unmoved:
        titles = TitleIndex(title_rows or catalog.link_title_rows())
        touched = resolving.resolve_references(
            catalog, titles, present - unmoved, gone, bulk, changes
        )
        del titles
    timings["references"] = time.perf_counter() - started
    # Let go of what the ranking does not use (the step that needs the most memory).
    del title_rows, numbers

    started = time.perf_counter()
    if vectors is not None:
        try:
            ranking.rerank_all(catalog, vectors, total)
        finally:
            vectors.close()
    else:
        copied |= _copied(catalog, present)  # and as it is now
        in_place = len(present) <= rescoring.UP_TO and not copied
        _rerank(catalog, present, gone, touched | old_targets, listing, total, in_place)
    timings["related"] = time.perf_counter() - started
    catalog.set_meta("links", LINKS_VERSION)
    return timings


def _copied(catalog: Catalog, ids: set[str]) -> set[str]:
    """Those of ``ids`` whose text another article has too: an edit moves the lists that
    held one copy of it for all (``rescoring`` leaves them to ranking again)."""
    return {row[0] for row in catalog.link_articles(ids) if len(catalog.link_same_text(row[2])) > 1}


def _present_and_gone(
    catalog: Catalog, changed: set[str], removed: set[str]
) -> tuple[set[str], set[str]]:
    """The changed articles the catalog has now, and the ids it no longer has."""
    known = set(catalog.link_titles(changed | removed))
    return {i for i in changed if i in known}, (removed | changed) - known


def _key_terms_all(
    catalog: Catalog, ids: list[str], numbers: dict[str, int], total: int, spool: Spool
) -> Vectors:
    """Every article's key terms (a full build): the term counts of each article from the
    ``spool`` (where the workers that read the articles counted them; the articles this
    update did not write are counted from the catalog and spooled first; the document
    frequencies were counted as they were spooled), read once to weigh. The same numbers
    as asking Whoosh, without holding every article's counts. Returns the weights packed,
    for ranking."""
    _spool_the_rest(catalog, ids, spool)
    df = spool.frequencies(numbers)
    catalog.link_add_df(df.items())
    vectors = Vectors(ids, spool.folder)
    rows = []
    idf: dict[str, float] = {}
    for article_id, (text_hash, counts, surface) in spool.records(numbers):
        weighed = rel.weigh_terms(counts, surface, df.__getitem__, total, idf)
        vectors.add_terms(numbers[article_id], text_hash, weighed)
        rows.append((numbers[article_id], article_id, text_hash, weighed))
        if len(rows) >= WRITTEN:
            catalog.link_add_articles(rows, posted=cand.POSTED_TERMS)
            rows = []
    catalog.link_add_articles(rows, posted=cand.POSTED_TERMS)
    catalog.link_index_terms()
    return vectors


def _key_terms_some(
    catalog: Catalog, ids: list[str], numbers: dict[str, int], total: int, changes: Changes
) -> None:
    """Key terms of the articles a small update touched (sorted ``ids``), weighed with the
    document frequencies of ``link_df``, first brought up to date with ``changes`` (the
    counts of the articles it wrote come from its spool, as in a full build)."""
    spool = changes.spool
    _spool_the_rest(catalog, ids, spool)
    df = Counter(changes.df)
    df.update(spool.frequencies(changes.written.intersection(ids)))
    catalog.link_count_df(df)
    chunk: list[tuple[str, Counted]] = []
    for record in itertools.chain(spool.records(set(ids)), [None]):
        if record is not None:
            chunk.append(record)
        if chunk and (record is None or len(chunk) >= CHUNK):
            wanted = {t for _id, (_hash, counts, _surface) in chunk for t in counts}
            known = Counter(catalog.link_df(wanted))
            for article_id, (text_hash, counts, surface) in chunk:
                weighed = rel.weigh_terms(counts, surface, known.__getitem__, total)
                catalog.link_put_article(
                    numbers[article_id], article_id, text_hash, weighed, posted=cand.POSTED_TERMS
                )
            chunk = []


def _spool_the_rest(catalog: Catalog, ids: list[str], spool: Spool) -> None:
    """Count and spool the articles of ``ids`` the update did not write (their text is
    the catalog's)."""
    for article_id, _title, paragraphs in catalog.link_bodies(
        [i for i in ids if i not in spool.serial]
    ):
        spool.add(article_id, terms.count(paragraphs))


def _rerank(
    catalog: Catalog,
    present: set[str],
    gone: set[str],
    touched: set[str],
    listing: set[str],
    total: int,
    in_place: bool = False,
) -> None:
    """Recompute the related lists that the change may have moved: those of the changed
    articles, the ``touched`` ones (their references moved), the ``listing`` ones (their
    lists held a changed or removed article) and the changed articles' new neighbours.
    With ``in_place``, a list of the last two kinds is updated in place where only the
    changed articles' rows can move (``rescoring.rescore``), else ranked again."""
    entity_df = ranking.entity_frequencies(catalog)
    names = rel.ambiguous_terms(entity_df)
    cache: dict[str, rel.Profile] = {}

    def profiles(ids: Iterable[str]) -> dict[str, rel.Profile]:
        wanted = [i for i in ids if i not in cache]
        if wanted:
            cache.update(_profiles(catalog, wanted, entity_df, total, names))
        return {i: cache[i] for i in ids if i in cache}

    postings = cand.Postings(_cached(catalog.link_term_postings), catalog.link_entity_postings)
    first = (present | touched | listing) - gone
    rescored = listing - present - touched if in_place else set()
    neighbours: set[str] = set()
    for article_id in sorted(first):
        if article_id in rescored and rescoring.rescore(
            catalog, article_id, present, gone, profiles
        ):
            continue
        ranked = _rank_one(catalog, article_id, profiles, postings, entity_df)
        if article_id in present:
            # A new or changed article may now belong in its neighbours' lists too.
            neighbours |= {s.other for s in ranked[0]} | set(ranked[1])
    for article_id in sorted(neighbours - first):
        if not (in_place and rescoring.rescore(catalog, article_id, present, gone, profiles)):
            _rank_one(catalog, article_id, profiles, postings, entity_df)


def _cached(
    rows: Callable[[list[str], int], Iterable[tuple[str, str, float]]],
) -> Callable[[list[str], int], list[tuple[str, str, float]]]:
    """``rows(terms, limit)`` (a term's heaviest articles) remembered term by term: the
    articles reranked after a change are on one story and share most of their key terms."""
    seen: dict[tuple[str, int], list[tuple[str, str, float]]] = {}

    def cached(terms: list[str], limit: int) -> list[tuple[str, str, float]]:
        wanted = [t for t in dict.fromkeys(terms) if (t, limit) not in seen]
        for t in wanted:
            seen[(t, limit)] = []
        for row in rows(wanted, limit):
            seen[(row[1], limit)].append(row)
        return [row for t in dict.fromkeys(terms) for row in seen[(t, limit)]]

    return cached


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
    cites, cited = catalog.link_see_also(article_id)
    ranked, copies = cand.rank(mine, profiles, postings, entity_df, cites, cited)
    numbers = catalog.link_numbers([article_id, *(s.other for s in ranked), *copies])
    catalog.link_put_related(
        numbers[article_id],
        [(numbers[s.other], s.score, rel.reasons_json(s)) for s in ranked],
    )
    catalog.link_put_copies(numbers[article_id], [numbers[c] for c in copies])
    return ranked, copies


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
    for article_id, _norm, text_hash, weighed in catalog.link_articles(ids):
        profile = rel.Profile(article_id, text_hash)
        for term, weight, surface in json.loads(weighed or "[]"):
            profile.terms[term] = weight
            profile.surface[term] = surface
        found[article_id] = profile
    for article_id, entities in catalog.link_entities(ids):
        if article_id in found and entities:
            rel.entity_profile(found[article_id], entities, entity_df, total)
    for profile in found.values():
        ranking.name_terms(profile, names)
    return found
