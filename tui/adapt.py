"""From the model's cross-references to the rows the Cross-references pane shows."""

from __future__ import annotations

from tui.reader import ArticleData
from tui.widgets.crossrefs import Item


def resolve(data: ArticleData, by_title: dict[str, str]) -> dict[str, str | None]:
    """See-also title -> the article it names, or None when it is not in the corpus.

    A reference the links table does not hold yet (an article read from its file before
    the first build) is looked up by exact title.
    """
    resolved: dict[str, str | None] = {ref.title: ref.target for ref in data.references or ()}
    for title in data.article.see_also:
        if title not in resolved:
            resolved[title] = by_title.get(title.casefold())
    return resolved


def see_also_items(data: ArticleData, resolved: dict[str, str | None]) -> list[Item]:
    """One row per reference; one given as an id or a path shows the title it leads to."""
    shown = {
        ref.title: ref.target_title
        for ref in data.references or ()
        if ref.how in ("id", "path") and ref.target_title
    }
    return [
        Item("see_also", shown.get(title, title), resolved.get(title))
        for title in data.article.see_also
    ]


def backlink_items(data: ArticleData) -> list[Item] | None:
    """The citing articles (a backlink's ``target`` is the citing article)."""
    if data.backlinks is None:
        return None
    return [
        Item("backlink", link.title or str(link.target), link.target) for link in data.backlinks
    ]


def related_items(data: ArticleData) -> list[tuple[Item, str]] | None:
    if data.related is None:
        return None
    return [
        (Item("related", story.title or story.id, story.id), story.sentence)
        for story in data.related
    ]


def walk_items(
    around: tuple[str, int, int, str | None, str | None] | None, titles: dict[str, str]
) -> tuple[str, list[Item]] | None:
    """Where a walk through related stories stands, and what ``]`` and ``[`` open next."""
    if around is None:
        return None
    anchor, position, count, previous, following = around
    heading = f"Related to {titles.get(anchor, anchor)}: {position + 1} of {count}"
    items = [
        Item(kind, titles.get(target, target), target)
        for kind, target in (("walk_next", following), ("walk_previous", previous))
        if target is not None
    ]
    return heading, items
