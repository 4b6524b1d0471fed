"""The entity pane's actions: how many other articles name the chosen entity, list them,
step through its mentions in the article (``n`` ``N``).

Mixed into MainScreen, whose panes and state it uses; its message handlers and the keys stay
there (Textual finds ``@on`` handlers on the screen's own class).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.widgets import Input

from tui.widgets.search_bar import SearchBar


class EntityActions:
    """Offer, list and step through an entity's articles and mentions."""

    # Provided by MainScreen; declared for readers of this file.
    articles: Any
    article: Any
    entities: Any
    reader: Any
    data: Any
    mode: str
    terms: tuple[str, ...]
    ask: Any
    notify: Any
    query_one: Any
    list_shown: Any
    reveal_list: Any

    @work(exclusive=True, group="offer")
    async def offer_articles(self, entity: Any) -> None:
        hits = await self.ask(self.reader.entity_articles, entity.key)
        if hits is False:
            return
        current = self.data.article.id if self.data else ""
        others = sum(1 for hit in hits if hit.id != current)
        self.entities.offer_others(len(self.article.chosen_mentions()), others)

    @work(exclusive=True, group="list")
    async def list_entity_articles(self, entity: Any) -> None:
        hits = await self.ask(self.reader.entity_articles, entity.key)
        if hits is False:
            return
        self.mode = "entity"
        self.terms = ()
        bar = self.query_one(SearchBar)
        with bar.prevent(Input.Changed):
            bar.value = ""  # the list is no longer that query's answer
        self.articles.show_entity_articles(entity.name, hits)
        self.list_shown()
        self.articles.focus()
        self.reveal_list()

    def action_mention(self, step: int) -> None:
        if self.article.chosen is None:
            entity = self.entities.entity
            if entity is None:
                self.notify("Choose an entity first (e)", timeout=2)
                return
            self.article.choose(entity.key)
        index = self.article.step_mention(step)
        count = len(self.article.chosen_mentions())
        if index >= 0:
            self.article.border_title = f"2 Article · mention {index + 1} of {count}"
