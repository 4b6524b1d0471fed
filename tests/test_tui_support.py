"""Helpers for the reader's pilot and snapshot tests (no tests of its own)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.pilot import Pilot
from textual.worker import WorkerCancelled

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
    """Let workers finish (a cancelled one is finished), scrolling end, the screen redraw."""
    for _ in range(2):
        for _ in range(20):
            try:
                await pilot.app.workers.wait_for_complete()
                break
            except WorkerCancelled:
                continue
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def screen_text(app: StorylineApp) -> str:
    """What the terminal shows now, as plain text: the compositor's last frame, not a re-render."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), color_system=None, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


KEY_NAMES = {
    "]": ("right_square_bracket", "]"),
    "[": ("left_square_bracket", "["),
    "?": ("question_mark", "?"),
    "/": ("slash", "/"),
    " ": ("space", " "),
    "enter": ("enter", "\r"),
    "escape": ("escape", "\x1b"),
    "tab": ("tab", "\t"),
    "backspace": ("backspace", "\x7f"),
}


def burst(app: StorylineApp, *keys: str) -> None:
    """Send keys as a terminal does when they arrive in one read: all at once, no pauses."""
    from textual import events

    for key in keys:
        name, char = KEY_NAMES.get(key, (key, key if len(key) == 1 else None))
        app.post_message(events.Key(name, char))


def terminal_burst(app: StorylineApp, data: str) -> None:
    """Send what a terminal sends in one write, parsed as Textual parses a terminal's input."""
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        app.post_message(event)
