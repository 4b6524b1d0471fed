"""Ctrl+P: jump to any article by title or any entity by name.

Titles are matched with rapidfuzz on a thread (100k titles take a few tens of ms there,
and nothing on the UI thread); entities come from the catalog through the reader.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.text import line

if TYPE_CHECKING:
    from tui.screens.main import MainScreen

LIMIT = 20


def _rank(query: str, titles: list[str]) -> list[tuple[int, float]]:
    found = process.extract(
        query, titles, scorer=fuzz.WRatio, processor=str.casefold, limit=LIMIT, score_cutoff=50
    )
    return [(index, score / 100) for _, score, index in found]


class ArticleProvider(Provider):
    """Articles by title, entities by name."""

    def _main(self) -> MainScreen | None:
        from tui.screens.main import MainScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self, main: MainScreen) -> list[tuple[str, str, Any]]:
        """The reader's lists, by name: (name, help, what to run)."""
        return [
            ("Bookmarks", "the articles you bookmarked (B)", main.action_bookmarks),
            ("Unread only", "the articles not read yet, or all again (U)", main.action_unread_only),
        ]

    async def discover(self) -> Hits:
        main = self._main()
        if main is None:
            return
        for name, help_text, run in self._commands(main):
            yield DiscoveryHit(name, run, help=help_text)
        for summary in main.summaries()[:10]:
            yield DiscoveryHit(
                line(summary.title),
                partial(main.open_from_palette, summary.id),
                text=summary.title,
                help="article",
            )

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None or not query.strip():
            return
        matcher = self.matcher(query)
        for name, help_text, run in self._commands(main):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, text=name, help=help_text)
        summaries = main.summaries()
        titles = [s.title for s in summaries]
        ranked = await asyncio.to_thread(_rank, query, titles)
        for index, score in ranked:
            summary = summaries[index]
            yield Hit(
                score,
                self._display(summary.title, query),
                partial(main.open_from_palette, summary.id),
                text=summary.title,
                help="article",
            )
        try:
            entities: list[tuple[Any, int]] = await main.reader.call(
                main.reader.find_entities, query, 10
            )
        except Exception:  # noqa: BLE001 - entities are a bonus in the palette
            entities = []
        for entity, articles in entities:
            yield Hit(
                0.9,
                Content.assemble(line(entity.name), (f"  {entity.label.lower()}", "dim")),
                partial(main.entity_from_palette, entity),
                text=entity.name,
                help=f"entity in {articles} article(s): list them",
            )

    def _display(self, title: str, query: str) -> Content:
        """The title, literally, with the query's words underlined."""
        content = line(title)
        lowered = content.plain.casefold()
        for word in query.casefold().split():
            start = lowered.find(word)
            if start >= 0:
                content = content.stylize("underline", start, start + len(word))
        return content
