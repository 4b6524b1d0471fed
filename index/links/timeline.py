"""Stories over time: an article with its linked and related articles in date order, and an
entity's articles by month.

Both read what ``views`` already precomputed (references, backlinks, related stories,
entity mentions); nothing is scored here. Undated articles come last (a story) or in a
period of their own (an entity).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from index.links import views
from index.model import Period, StoryPoint

if TYPE_CHECKING:
    from index.store.store import Store

MAX_MONTHS = 1200  # a century of empty months between two articles is a typo, not a story


def story(store: Store, article_id: str, related: int = 10) -> list[StoryPoint]:
    """The article, what it cites, what cites it and its closest related stories, by date."""
    assert store.catalog is not None
    article = store.catalog.article(article_id)
    if article is None:
        return []
    found: dict[str, tuple[str, date | None, str]] = {
        article.id: (article.title, article.date, "this")
    }
    for reference in views.references(store, article_id):
        if reference.target and reference.target not in found:
            found[reference.target] = (reference.target_title, None, "see also")
    for backlink in views.backlinks(store, article_id):
        if backlink.target and backlink.target not in found:
            found[backlink.target] = (backlink.title, None, "cited by")
    for item in views.related(store, article_id, limit=related):
        if item.id not in found:
            found[item.id] = (item.title, item.date, "related")
    points = []
    for point_id, (title, when, relation) in found.items():
        if when is None and point_id != article.id:
            other = store.catalog.article(point_id)
            when = other.date if other else None
            title = title or (other.title if other else point_id)
        points.append((point_id, title, when, relation))
    points.sort(key=lambda p: (p[2] is None, p[2] or date.min, p[3] != "this", p[0]))
    story_points = []
    previous: date | None = None
    for point_id, title, when, relation in points:
        gap = (when - previous).days if when and previous else None
        story_points.append(StoryPoint(point_id, title, when, relation, gap))
        previous = when or previous
    return story_points


def entity_months(store: Store, key: str) -> list[Period]:
    """Every month from the entity's first dated article to its last (empty ones too), then
    the undated articles as a period with no month."""
    hits = views.entity_articles(store, key, limit=1_000_000)
    by_month: dict[str, list[str]] = {}
    undated: list[str] = []
    for hit in hits:
        if hit.date is None:
            undated.append(hit.id)
        else:
            by_month.setdefault(f"{hit.date.year:04d}-{hit.date.month:02d}", []).append(hit.id)
    periods = []
    if by_month:
        months = sorted(by_month)
        year, month = map(int, months[0].split("-"))
        last = months[-1]
        for _ in range(MAX_MONTHS):
            name = f"{year:04d}-{month:02d}"
            ids = sorted(by_month.get(name, []))
            periods.append(Period(name, len(ids), tuple(ids)))
            if name >= last:
                break
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if undated:
        periods.append(Period("", len(undated), tuple(sorted(undated))))
    return periods
