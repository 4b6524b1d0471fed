"""Cross-references: see-also references, backlinks, related stories, entity views, duplicates.

Everything a reader asks for is precomputed by ``refresh`` (called by ``Store.update`` under
the update lock) and stored in the catalog's ``link_*`` tables, so each public function is one
or two indexed lookups. The related-story scoring lives in ``index/related.py``.

Resolving a reference (a SEE ALSO title, a front-matter ``see_also`` entry given as an id, a
title or a path, or a Markdown link to another corpus file), first match wins:

1. an article id or a path (relative to the citing file, or to the corpus root);
2. the exact normalised title (case, accents' compatibility forms, punctuation and spacing
   ignored);
3. the most similar title scoring at least ``FUZZY_THRESHOLD`` (``TitleIndex.similarity``:
   ``rapidfuzz`` string similarity, capped by how much of the titles' word weight is shared),
   among titles sharing one of the reference's rarest words. See ``FUZZY_THRESHOLD`` for why
   that number.

A reference nothing matches is kept, marked not in the corpus, and tried again whenever an
article is added or changed: a new title is looked up among the unresolved references' titles.
"""

from __future__ import annotations

import json
import math
import posixpath
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from index import related as rel
from index.model import EntityHit, Reference, Related

if TYPE_CHECKING:
    from index.catalog import Catalog
    from index.store import Store

# Fuzzy title match threshold (0-100) for ``TitleIndex.similarity``. Measured on generated
# corpora (benchmarks/generate.py: titles come from a few templates per storyline, so other
# stories' titles differ from a reference by a name or a verb, the hardest negatives) and on
# the fixtures. At 1,000 articles every reference written with other case, a synonym, a
# dropped last word or a leading "The" scores 88 or more against its article, and no
# reference to a missing article scores over 77 against any. At 10,000 articles: at 81,
# every reworded reference resolves and 34 of 2,796 near-miss pairs (1.2%) pass;
# at 84, 1.8% of rewordings are lost for 1 false match. tests/test_links.py checks both sides.
FUZZY_THRESHOLD = 81.0
MAX_REFERENCE = 300  # characters of a reference title compared; longer ones are cut
BULK_SHARE = 0.2  # when more than this share of the corpus changed, recompute everything
SNIPPET = 160  # characters of context around an entity's first mention
LINKS_VERSION = "1"

# Words headline writers swap for one another; a reference may use either. Each group is
# compared as its first word (only for the fuzzy match; an exact match needs the same words).
_HEADLINE_SYNONYMS = (
    "talks negotiations",
    "deal agreement accord pact",
    "crisis emergency",
    "probe inquiry investigation",
    "rejects dismisses",
    "backs supports endorses",
    "sees faces",
    "new fresh",
    "raises hikes increases",
    "cuts slashes lowers reduces",
    "poll election",
    "quits resigns",
    "row dispute",
    "curbs restrictions limits",
    "ban bans bars",
    "about of",
    "pm premier",
)
_CANONICAL = {w: g.split()[0] for g in _HEADLINE_SYNONYMS for w in g.split()}


def _canonical(norm: str) -> str:
    return " ".join(_CANONICAL.get(w, w) for w in norm.split())


_PATHLIKE = re.compile(r"^[\w./~-]+$")
_EXTENSIONS = (".txt", ".md", ".markdown")


def normalise_title(text: str) -> str:
    """A title reduced to what identifies it: lower case, words only, single spaces."""
    text = unicodedata.normalize("NFKC", text[: MAX_REFERENCE + 10]).casefold()
    text = text.replace("'", "").replace("’", "")
    return " ".join(re.sub(r"[\W_]+", " ", text).split())[:MAX_REFERENCE]


def char_similarity(a: str, b: str) -> float:
    """How alike two normalised titles are as strings, 0-100."""
    return float(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))


# -- resolving ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    target: str | None
    how: str
    score: float = 0.0
    others: tuple[str, ...] = ()


class TitleIndex:
    """Every article's id, path and normalised title, for resolving references."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
        self.by_norm: dict[str, list[str]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.norm: dict[str, str] = {}
        self.canon: dict[str, str] = {}  # normalised title with headline synonyms unified
        self.dates: dict[str, str] = {}
        self.by_path: dict[str, str] = {}
        for article_id, title, path, when in rows:
            norm = normalise_title(title)
            self.norm[article_id] = norm
            self.canon[article_id] = _canonical(norm)
            self.by_norm[norm].append(article_id)
            for word in set(norm.split()):
                self.by_word[word].add(article_id)
            self.dates[article_id] = when or ""
            self.by_path[path] = article_id

    def word_weight(self, word: str) -> float:
        """A title word's weight: rare words (names) count more than common ones."""
        return math.log(1 + len(self.norm) / max(1, len(self.by_word.get(word, ()))))

    def similarity(self, a: str, b: str, **_: object) -> float:
        """How alike two normalised titles are, 0-100: the lower of the string similarity
        and the share of word weight they have in common (a word matches an equal word, or
        a nearly equal one: "fee"/"fees"). Two titles of one template that differ in a name
        share most letters but not the name's weight, so they stay apart."""
        return self._similarity(_canonical(a), _canonical(b))

    def _similarity(self, a: str, b: str, cutoff: float = 0.0) -> float:
        """``similarity`` of two canonical titles; 0 when under ``cutoff`` as strings."""
        chars = float(
            max(
                fuzz.ratio(a, b, score_cutoff=cutoff),
                fuzz.token_sort_ratio(a, b, score_cutoff=cutoff),
            )
        )
        if chars < FUZZY_THRESHOLD:
            return chars
        left, right = a.split(), b.split()
        free = list(range(len(right)))
        shared = 0.0
        for word in left:
            for j in free:
                other = right[j]
                if word == other or (len(word) > 3 and fuzz.ratio(word, other) >= 85):
                    free.remove(j)
                    shared += min(self.word_weight(word), self.word_weight(other))
                    break
        total = sum(map(self.word_weight, left)) + sum(map(self.word_weight, right))
        return min(chars, 100 * 2 * shared / total) if total else chars

    def resolve(self, written: str, source: str, source_date: str | None = None) -> Resolution:
        """The article a reference points at (see the module docstring for the order)."""
        text = written.strip()
        if not text:
            return Resolution(None, "")
        found = self._by_id_or_path(text, source)
        if found:
            return found
        norm = normalise_title(text)
        if not norm:
            return Resolution(None, "")
        exact = self.by_norm.get(norm)
        if exact:
            return self._pick(exact, source, source_date, "title", 100.0)
        best: tuple[float, list[str]] = (0.0, [])
        query = _canonical(norm)
        for other in self._similar_candidates(norm):
            value = self._similarity(query, self.canon[other], FUZZY_THRESHOLD)
            if value > best[0]:
                best = (value, [other])
            elif value == best[0] and best[1]:
                best[1].append(other)
        if best[0] >= FUZZY_THRESHOLD:
            return self._pick(best[1], source, source_date, "fuzzy", round(best[0], 1))
        return Resolution(None, "", round(best[0], 1))

    def _by_id_or_path(self, text: str, source: str) -> Resolution | None:
        if text in self.norm and text != source:
            return Resolution(text, "id", 100.0)
        if text in self.by_path:
            return Resolution(self.by_path[text], "path", 100.0)
        if not _PATHLIKE.match(text) or "/" not in text and not text.endswith(_EXTENSIONS):
            return None
        target = text.split("#", 1)[0]
        for ext in _EXTENSIONS:
            if target.endswith(ext):
                target = target[: -len(ext)]
                break
        here = posixpath.dirname(source)
        for candidate in (posixpath.normpath(posixpath.join(here, target)), target.lstrip("/")):
            if candidate in self.norm:
                how = "self" if candidate == source else "path"
                return Resolution(candidate, how, 100.0)
        return None

    def _similar_candidates(self, norm: str) -> set[str]:
        """Articles whose title shares one of the three rarest words of ``norm``."""
        words = [w for w in set(norm.split()) if w in self.by_word]
        words.sort(key=lambda w: (len(self.by_word[w]), w))
        found: set[str] = set()
        for word in words[:3]:
            found |= self.by_word[word]
        return found

    def _pick(
        self, ids: list[str], source: str, source_date: str | None, how: str, value: float
    ) -> Resolution:
        """Of several articles with the title, the one the citing article most likely meant:
        not itself; then the one dated nearest to it (the earlier on a tie); then the first id.
        """
        if ids == [source]:
            return Resolution(source, "self", value)
        pool = sorted(i for i in ids if i != source)
        if source_date and len(pool) > 1:
            pool.sort(key=lambda i: (_days_apart(self.dates.get(i), source_date), i))
        return Resolution(pool[0], how, value, tuple(pool[1:]))


def _days_apart(a: str | None, b: str) -> tuple[int, int]:
    """Sort key: undated last, then distance in days, earlier first on a tie."""
    if not a:
        return (1, 0)
    days = (date.fromisoformat(a) - date.fromisoformat(b)).days
    return (0, abs(days) * 2 + (days > 0))


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
    if bulk:
        present, gone = set(known), set()
        catalog.link_clear()
    old_targets = {r[5] for r in catalog.link_refs_where("source IN ({})", present | gone) if r[5]}
    catalog.link_forget(present | gone)

    with store.ix.searcher() as searcher:
        cache: dict[str, int] = {}

        def doc_frequency(term: str) -> int:
            if term not in cache:
                cache[term] = searcher.doc_frequency("body", term)
            return cache[term]

        for article_id, _title, paragraphs in catalog.link_bodies(present):
            terms = rel.key_terms("\n\n".join(paragraphs), doc_frequency, total)
            catalog.link_put_article(article_id, "", rel.text_hash(paragraphs), terms)
    timings["terms"] = time.perf_counter() - started

    started = time.perf_counter()
    titles = TitleIndex(title_rows)
    touched = _resolve_references(catalog, titles, present, gone, bulk)
    timings["references"] = time.perf_counter() - started

    started = time.perf_counter()
    _rerank(catalog, present, gone, touched | old_targets, total, bulk)
    timings["related"] = time.perf_counter() - started
    catalog.set_meta("links", LINKS_VERSION)
    return timings


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
        if r[4] in norms or _looks_like_path(r[3]):
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


def _looks_like_path(text: str) -> bool:
    return bool(_PATHLIKE.match(text.strip())) and (
        "/" in text or text.strip().endswith(_EXTENSIONS)
    )


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
    bulk: bool,
) -> None:
    """Recompute the related lists that the change may have moved."""
    if bulk:
        _rerank_all(catalog, total)
        return
    entity_df = _entity_df(catalog)
    cache: dict[str, rel.Profile] = {}

    def profiles(ids: Iterable[str]) -> dict[str, rel.Profile]:
        wanted = [i for i in ids if i not in cache]
        if wanted:
            cache.update(_profiles(catalog, wanted, entity_df, total))
        return {i: cache[i] for i in ids if i in cache}

    postings = rel.Postings(catalog.link_term_postings, catalog.link_entity_postings)
    first = (present | touched | catalog.link_listing(present | gone)) - gone
    neighbours: set[str] = set()
    for article_id in sorted(first):
        ranked = _rank_one(catalog, article_id, profiles, postings, entity_df)
        if article_id in present:
            # A new or changed article may now belong in its neighbours' lists too.
            neighbours |= {s.other for s in ranked}
    for article_id in sorted(neighbours - first):
        _rank_one(catalog, article_id, profiles, postings, entity_df)


def _rank_one(
    catalog: Catalog,
    article_id: str,
    profiles: Callable[[Iterable[str]], dict[str, rel.Profile]],
    postings: rel.Postings,
    entity_df: dict[str, int],
) -> list[rel.Scored]:
    mine = profiles([article_id]).get(article_id)
    if mine is None:
        return []
    cites = {
        r[5]
        for r in catalog.link_refs_where("source=?", [article_id])
        if r[5] and r[5] != article_id
    }
    cited = {r[1] for r in catalog.link_refs_where("target=?", [article_id]) if r[1] != article_id}
    ranked = rel.rank(mine, profiles, postings, entity_df, cites, cited)
    catalog.link_put_related(article_id, [(s.other, s.score, rel.reasons_json(s)) for s in ranked])
    return ranked


def _rerank_all(catalog: Catalog, total: int) -> None:
    """Every related list, from profiles and postings held in memory (a full build)."""
    entity_df = _entity_df(catalog)
    everything = _profiles(catalog, None, entity_df, total)
    postings = rel.MemoryPostings(
        {i: p.terms for i, p in everything.items()},
        {i: tuple(p.fold) for i, p in everything.items()},
    )
    cites: dict[str, set[str]] = defaultdict(set)
    cited: dict[str, set[str]] = defaultdict(set)
    for r in catalog.link_refs_where("target IS NOT NULL AND target != source"):
        cites[r[1]].add(r[5])
        cited[r[5]].add(r[1])

    def profiles(ids: Iterable[str]) -> dict[str, rel.Profile]:
        return {i: everything[i] for i in ids if i in everything}

    rows = []
    for article_id in sorted(everything):
        ranked = rel.rank(
            everything[article_id],
            profiles,
            postings,
            entity_df,
            cites.get(article_id, set()),
            cited.get(article_id, set()),
        )
        rows += [
            (article_id, rank, s.other, s.score, rel.reasons_json(s))
            for rank, s in enumerate(ranked)
        ]
    catalog.link_add_related(rows)


def _entity_df(catalog: Catalog) -> dict[str, int]:
    return dict(catalog.db.execute("SELECT key, articles FROM entities").fetchall())


def _profiles(
    catalog: Catalog, ids: list[str] | None, entity_df: dict[str, int], total: int
) -> dict[str, rel.Profile]:
    """Scoring profiles of these articles (all when ``ids`` is None)."""
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
    return found


# -- reading ----------------------------------------------------------------------------------


def _catalog(store: Store) -> Catalog:
    assert store.catalog is not None
    return store.catalog


def references(store: Store, article_id: str) -> list[Reference]:
    """The article's see-also references in the order written, resolved or not."""
    catalog = _catalog(store)
    rows = catalog.link_refs_where("source=?", [article_id])
    names = catalog.link_titles({r[5] for r in rows if r[5]})
    return [
        Reference(
            title=r[3],
            target=r[5],
            how=r[6] or "",
            score=r[7] or 0.0,
            target_title=names.get(r[5], "") if r[5] else "",
            written=r[3],
            others=tuple(json.loads(r[8] or "[]")),
        )
        for r in rows
    ]


def backlinks(store: Store, article_id: str) -> list[Reference]:
    """The articles citing this one ("cited by"); ``target`` is the citing article."""
    catalog = _catalog(store)
    rows = [r for r in catalog.link_refs_where("target=?", [article_id]) if r[1] != article_id]
    names = catalog.link_titles({r[1] for r in rows})
    seen: set[str] = set()
    found = []
    for r in rows:
        if r[1] in seen:
            continue
        seen.add(r[1])
        name = names.get(r[1], r[1])
        found.append(Reference(name, r[1], r[6] or "", r[7] or 0.0, name, r[3]))
    return found


def related(store: Store, article_id: str, limit: int = 20) -> list[Related]:
    """The article's related stories, best first, each with its reasons."""
    rows = _catalog(store).link_related(article_id, max(0, limit))
    return [
        Related(
            id=other,
            title=title,
            score=score,
            reasons=rel.reasons_from_json(reasons),
            date=date.fromisoformat(when) if when else None,
        )
        for other, score, reasons, title, when in rows
    ]


def duplicates_of(store: Store, article_id: str) -> list[str]:
    """Other articles with exactly the same text (case and spacing aside)."""
    catalog = _catalog(store)
    row = catalog.link_articles([article_id])
    if not row or not row[0][2]:
        return []
    return [i for i in catalog.link_same_text(row[0][2]) if i != article_id]


def entity_articles(store: Store, key: str, limit: int = 200) -> list[EntityHit]:
    """The articles mentioning an entity, newest first where dated, with the first mention
    in context (``spans`` are offsets into ``snippet``; ``start``/``end`` into the body)."""
    hits = []
    for article_id, title, when, count, start, end, paragraphs in _catalog(store).link_entity_hits(
        key, max(0, limit)
    ):
        body = "\n\n".join(json.loads(paragraphs))
        snippet, offset = _around(body, start, end)
        hits.append(
            EntityHit(
                id=article_id,
                title=title,
                date=date.fromisoformat(when) if when else None,
                count=count,
                snippet=snippet,
                spans=((start - offset, end - offset),),
                start=start,
                end=end,
            )
        )
    return hits


def _around(body: str, start: int, end: int) -> tuple[str, int]:
    """Up to ``SNIPPET`` characters of ``body`` around [start, end), cut at spaces; returns the
    snippet and the body offset its first character has. Newlines become spaces."""
    room = max(0, SNIPPET - (end - start))
    begin = max(0, start - room // 2)
    stop = min(len(body), end + room - (start - begin))
    if begin > 0:
        space = body.find(" ", begin, start)
        begin = space + 1 if space >= 0 else begin
    if stop < len(body):
        space = body.rfind(" ", end, stop)
        stop = space if space >= 0 else stop
    return body[begin:stop].replace("\n", " "), begin


def no_related_reason(store: Store, article_id: str) -> str:
    """A plain sentence for a reader when an article has no related stories."""
    catalog = _catalog(store)
    count = catalog.count()
    if catalog.article(article_id) is None:
        return f"There is no article with id {article_id!r}."
    if count <= 1:
        return "This is the only article in the corpus, so there is nothing to relate it to."
    copies = duplicates_of(store, article_id)
    if copies and count - 1 <= len(copies):
        return "The other articles in the corpus are copies of this one."
    return "No other article in the corpus shares its people, places or key words."
