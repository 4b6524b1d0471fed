"""What a regular reader expects (issue 15): open elsewhere, copy, sort, find in the article."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tui.screens import extras

from .test_tui_support import app_for, idle, screen_text, settled, type_text
from .test_tui_use import long_corpus


async def test_o_opens_the_web_address_or_the_file(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(extras.subprocess, "run", lambda command, check: ran.append(command))
    monkeypatch.setenv("PAGER", "less -R")
    app = app_for(corpus)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("kessary-terminal")
        await idle(pilot)
        await pilot.press("o")
        assert opened == ["https://example.invalid/kessary-terminal"]
        screen.open_article("orchards")
        await idle(pilot)
        await pilot.press("o")
        assert ran == [["less", "-R", screen.data.article.path]]


async def test_y_copies_the_title(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/port-fees")
        await idle(pilot)
        await pilot.press("y")
        await pilot.pause()
        assert "wire/port-fees" in screen_text(app)  # the choices, with what each copies
        await pilot.press("t")
        await pilot.pause()
        assert app.clipboard == "Norvania Raises Port Fees Amid Shipping Slump"
        assert app.screen is screen


async def test_S_sorts_the_list_by_date_and_back(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        own = [row.id for row in screen.articles.rows]
        await pilot.press("S")
        await idle(pilot)
        assert screen.articles.rows[0].id == "kessary-terminal"  # the only dated one first
        assert "by date" in str(screen.articles.border_title)
        await pilot.press("S")
        await idle(pilot)
        assert [row.id for row in screen.articles.rows] == own


async def test_ctrl_f_finds_in_the_article(tmp_path: Path) -> None:
    app = app_for(long_corpus(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled(pilot)
        screen.open_article("long-harbour")
        await idle(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "MIDNIGHT")
        await idle(pilot)
        assert len(screen.article.found_at) == 1
        assert "midnight." in screen_text(app), "scrolled to what was found"
        assert "1 found" in str(screen.article.border_title)
        await type_text(pilot, "x")
        assert "not found" in str(screen.article.border_title)
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is screen.article
        assert not screen.query_one("#find").display
