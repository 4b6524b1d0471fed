"""SVG snapshots of the screens a person looks at, on the seed, at fixed sizes.

Each waits for the index update to finish first, so no progress bar or timing shows.
Update after a deliberate change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from textual.pilot import Pilot

from .test_tui_support import SEEDS, app_for, idle, settled, type_text


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
