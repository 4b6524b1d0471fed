"""Searching in the reader (issue 15): a slow query never blocks the next one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.reader import SearchService

from .test_tui_support import app_for, idle, settled, type_text


async def until(pilot: Pilot, condition, tries: int = 200) -> bool:
    """Let the app run until ``condition()`` holds; False if it never does."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def test_a_slow_query_does_not_block_the_next(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    original = SearchService.search

    def search(self: SearchService, query: str, *args: int):  # type: ignore[no-untyped-def]
        if query == "slow~9":
            gate.wait(60)  # a query that takes as long as the test lets it
        return original(self, query, *args)

    monkeypatch.setattr(SearchService, "search", search)
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        try:
            await pilot.press("slash")
            await type_text(pilot, "slow~9")
            assert await until(pilot, lambda: screen.searcher.busy == 1)
            assert "Searching" in str(screen.articles.border_title)
            assert screen.articles.rows == [], "not the corpus, as if it were the answer"
            bar = screen.query_one("#search")
            bar.value = "dredging"
            found = await until(pilot, lambda: "found" in str(screen.articles.border_title))
            assert found, "the second query waited for the first"
            ids = {hit.id for hit in screen.articles.rows}
            assert ids == {"wire/2024/harbour-strike", "wire/port-fees"}
            assert screen.searcher.busy == 1  # the first still runs, out of the way
        finally:
            gate.set()
        await idle(pilot)


async def test_results_survive_escape_from_the_article(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dredging")
        await idle(pilot)
        await pilot.press("enter")
        await idle(pilot)
        assert screen.focused is screen.article
        await pilot.press("escape")  # from the article: back to the results, kept
        await idle(pilot)
        assert screen.focused is screen.articles and screen.mode == "search"
        assert len(screen.articles.rows) == 2
        await pilot.press("slash", "escape")  # from the search box: to the results too
        await idle(pilot)
        assert screen.focused is screen.articles and screen.mode == "search"
        await pilot.press("escape")  # from the results: the full list
        await idle(pilot)
        assert screen.mode == "corpus" and len(screen.articles.rows) == 4


async def test_an_entity_list_clears_the_old_query(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "fees")
        await idle(pilot)
        await pilot.press("enter")  # opens the hit; the query stays in the box
        await idle(pilot)
        assert screen.data.article.id == "wire/port-fees"
        await pilot.press("e", "enter")
        await idle(pilot)
        assert screen.mode == "entity"
        assert screen.query_one("#search").value == ""


async def test_all_results_one_key_away(corpus: Path) -> None:
    app = app_for(corpus, search_limit=1)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dredging")
        await idle(pilot)
        assert len(screen.articles.rows) == 1
        assert "1 of 2" in str(screen.articles.border_title)
        assert "a: all" in str(screen.articles.border_title)
        await pilot.press("down", "a")
        await idle(pilot)
        assert len(screen.articles.rows) == 2
        assert "2 found" in str(screen.articles.border_title)
