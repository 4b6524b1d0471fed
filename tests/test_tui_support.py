"""Helpers for the reader's pilot and snapshot tests (no tests of its own)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot

from index.config import Config
from tui.app import StorylineApp
from tui.screens.main import MainScreen

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def app_for(*roots: Path, **settings: object) -> StorylineApp:
    config = Config(path=None, corpus=tuple(roots), **settings)  # type: ignore[arg-type]
    return StorylineApp(config)


async def settled(pilot: Pilot) -> MainScreen:
    """Wait until the index update has finished and every worker is done."""
    app = pilot.app
    for _ in range(200):
        if isinstance(app.screen, MainScreen):
            break
        await pilot.pause(0.02)
    screen = app.screen
    assert isinstance(screen, MainScreen)
    await asyncio.wait_for(screen.ready.wait(), timeout=60)
    await idle(pilot)
    return screen


async def idle(pilot: Pilot) -> None:
    """Let workers finish and the screen redraw."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])
