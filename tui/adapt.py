"""From the model's cross-reference objects to the rows the panes show.

``index/links.py`` returns small dataclasses; this reads them by attribute name, so a field
added there does not break the reader, and a reference can be resolved by title when the
links are not built yet.
"""

from __future__ import annotations

from typing import Any

from tui.reader import ArticleData
from tui.widgets.crossrefs import Item


def _get(obj: Any, *names: str, default: Any = None) -> Any:
    for name in names:
        value = getattr(obj, name, None)
        if value is not None:
            return value
    return default


def resolve(data: ArticleData, by_title: dict[str, str]) -> dict[str, str | None]:
    """See-also title -> the article it names, or None when it is not in the corpus."""
    resolved: dict[str, str | None] = {}
    for ref in data.references or ():
        title = _get(ref, "title", default="")
        resolved[title] = _get(ref, "target", "target_id", "id")
    for title in data.article.see_also:
        if title not in resolved:
            resolved[title] = by_title.get(title.casefold())
    return resolved


def see_also_items(data: ArticleData, resolved: dict[str, str | None]) -> list[Item]:
    return [Item("see_also", title, resolved.get(title)) for title in data.article.see_also]


def backlink_items(data: ArticleData, titles: dict[str, str]) -> list[Item] | None:
    if data.backlinks is None:
        return None
    items = []
    for link in data.backlinks:
        article_id = _get(link, "source", "source_id", "id", "article_id", "target")
        title = _get(link, "source_title", "title", default="") or titles.get(article_id, "")
        items.append(Item("backlink", title or str(article_id), article_id))
    return items


def related_items(data: ArticleData) -> list[tuple[Item, str]] | None:
    if data.related is None:
        return None
    rows = []
    for story in data.related:
        why = _get(story, "sentence", default=None)
        if why is None:
            reasons = _get(story, "reasons", default=())
            why = reasons if isinstance(reasons, str) else "; ".join(str(r) for r in reasons)
        article_id = _get(story, "id", "article_id", "target")
        rows.append((Item("related", _get(story, "title", default=article_id), article_id), why))
    return rows
