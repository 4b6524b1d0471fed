"""SVG snapshots of the screens a person looks at, on the seed, at fixed sizes.

Each waits for the index update to finish first, so no progress bar or timing shows.
Update after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

import threading
from pathlib import Path

from textual.pilot import Pilot

from tui.reader import SearchService

from .test_tui_support import SEEDS, app_for, idle, settled, type_text

LINKED = Path(__file__).resolve().parent / "fixtures" / "linked"


async def _ready(pilot: Pilot) -> None:
    await settled(pilot)


def test_main_screen_wide(snap_compare) -> None:
    assert snap_compare(app_for(SEEDS), terminal_size=(120, 40), run_before=_ready)


def test_main_screen_80x24(snap_compare) -> None:
    assert snap_compare(app_for(SEEDS), terminal_size=(80, 24), run_before=_ready)


def test_search_results(snap_compare) -> None:
    async def search(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "migrants")
        await idle(pilot)
        await pilot.press("down")
        await idle(pilot)

    assert snap_compare(app_for(SEEDS), terminal_size=(120, 40), run_before=search)


def test_entity_chosen(snap_compare) -> None:
    async def choose(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("e", "j", "n")
        await idle(pilot)

    assert snap_compare(app_for(SEEDS), terminal_size=(120, 40), run_before=choose)


def test_help_screen(snap_compare) -> None:
    async def help_screen(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app_for(SEEDS), terminal_size=(120, 40), run_before=help_screen)


def test_bookmarks_list(snap_compare) -> None:
    async def bookmarks(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("2", "b", "B")
        await idle(pilot)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app_for(LINKED), terminal_size=(120, 30), run_before=bookmarks)


def test_unread_filter(snap_compare) -> None:
    async def unread(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("j", "enter", "1", "j", "enter", "1", "U")
        await idle(pilot)

    assert snap_compare(app_for(LINKED), terminal_size=(120, 30), run_before=unread)


def test_search_in_progress(snap_compare, monkeypatch) -> None:
    gate = threading.Event()
    original = SearchService.search

    def slow(self: SearchService, query: str, *args: int):  # type: ignore[no-untyped-def]
        # Every query waits, not only the last: on a slow machine the keys arrive further
        # apart than the debounce, a prefix ("stri") runs, and its results would show.
        gate.wait(20)
        return original(self, query, *args)

    monkeypatch.setattr(SearchService, "search", slow)

    async def searching(pilot: Pilot) -> None:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "strike")
        for _ in range(100):
            if screen.searcher.busy:
                break
            await pilot.pause(0.05)
        await pilot.pause()

    try:
        assert snap_compare(app_for(LINKED), terminal_size=(80, 24), run_before=searching)
    finally:
        gate.set()
