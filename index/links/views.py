"""Cross-references: see-also references, backlinks, related stories, entity views, duplicates.

Everything a reader asks for is precomputed by ``refresh`` (called by ``index.update`` under
the update lock) and stored in the catalog's ``link_*`` tables, so each public function is one
or two indexed lookups. The related-story scoring lives in ``index/links/related.py``.

A reference (a SEE ALSO title, a front-matter ``see_also`` entry given as an id, a title or
a path, or a Markdown link to another corpus file) is resolved by ``index/links/references.py``: by
id or path, then exact normalised title, then fuzzy title. A reference nothing matches is
kept, marked not in the corpus, and tried again whenever an article is added or changed: a
new title is looked up among the unresolved references' titles.
"""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING

from index.links import related as rel
from index.links.build import LINKS_VERSION, mark_pending, needs_refresh, refresh
from index.links.changes import Changes
from index.model import EntityHit, Reference, Related

if TYPE_CHECKING:
    from index.store.catalog import Catalog
    from index.store.store import Store

__all__ = [
    "LINKS_VERSION",
    "Changes",
    "backlinks",
    "duplicates_of",
    "entity_articles",
    "mark_pending",
    "needs_refresh",
    "no_related_reason",
    "references",
    "refresh",
    "related",
]

SNIPPET = 160  # characters of context around an entity's first mention


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
    """Other articles with the same text (case and spacing aside), then near copies (a
    wire story republished with a changed line): never in the related list."""
    catalog = _catalog(store)
    found = catalog.link_copies(article_id)
    row = catalog.link_articles([article_id])
    if row and row[0][2]:
        exact = [i for i in catalog.link_same_text(row[0][2]) if i != article_id]
        found = exact + [i for i in found if i not in exact]
    return found


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
    """A plain, true sentence for a reader when an article has no related stories."""
    catalog = _catalog(store)
    count = catalog.count()
    if catalog.article(article_id) is None:
        return f"There is no article with id {article_id!r}."
    if count <= 1:
        return "This is the only article in the corpus, so there is nothing to relate it to."
    copies = duplicates_of(store, article_id)
    if copies and count - 1 <= len(copies):
        return "The other articles in the corpus are copies of this one."
    if copies:
        return "Only copies of this article (listed as duplicates) share its words."
    row = catalog.link_articles([article_id])
    terms = json.loads(row[0][3] or "[]") if row else []
    if not terms:
        return "It shares no word with any other article (beyond words like 'the' and 'said')."
    words = ", ".join(str(t[2]) for t in terms[:3])
    return f"It shares only common words ({words}, ...) with the rest, too few to relate it."
