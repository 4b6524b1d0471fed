"""What the reader remembers between runs (issue 15, item 13), through the keys."""

from __future__ import annotations

from pathlib import Path

from tui.state import state_path

from .test_tui_support import app_for, idle, settled, type_text
from .test_tui_use import long_corpus


async def test_the_reader_remembers(tmp_path: Path) -> None:
    root = long_corpus(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "dredging")
        await idle(pilot)
        await pilot.press("enter")  # opens the long article; the search is remembered
        await idle(pilot)
        assert screen.data.article.id == "long-harbour"
        await pilot.press("b", "pagedown", "pagedown", "s")
        await idle(pilot)
        y = screen.article.scroll_y
        assert y > 0 and screen.has_class("-sides-hidden")
        await pilot.press("q")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.data.article.id == "long-harbour", "opens where it was left"
        # The place is restored after the article's first refresh; on a loaded machine that
        # came after ``settled`` (seen once in CI with a 100k build beside it).
        for _ in range(100):
            if screen.article.scroll_y == y:
                break
            await pilot.pause(0.02)
        assert screen.article.scroll_y == y
        assert "long-harbour" in screen.read and "long-harbour" in screen.marked
        assert screen.has_class("-sides-hidden")
        line = screen.articles.render_line(screen.articles.index_of("long-harbour")).text
        assert line.startswith("★ Elsin Dredging")
        await pilot.press("slash", "up")
        assert screen.query_one("#search").value == "dredging"
        await pilot.press("down")  # back to what was typed (nothing), then to the results
        assert screen.query_one("#search").value == ""


async def test_unread_filter_and_read_toggle(tmp_path: Path) -> None:
    app = app_for(long_corpus(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        opened = screen.data.article.id
        await pilot.press("U")
        await idle(pilot)
        ids = [row.id for row in screen.articles.rows]
        assert opened not in ids and len(ids) == 6
        assert "Unread (6 of 7)" in str(screen.articles.border_title)
        await pilot.press("u")  # marks the row under the cursor read; it stays until shown again
        assert ids[0] in screen.read
        await pilot.press("U", "U")
        await idle(pilot)
        assert [row.id for row in screen.articles.rows] == ids[1:]
        await pilot.press("escape", "U")  # the full list
        await idle(pilot)
        assert len(screen.articles.rows) == 7


async def test_bookmarks_list_by_key_and_palette(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/port-fees")
        await idle(pilot)
        await pilot.press("2", "b")
        await pilot.press("B")
        await idle(pilot)
        assert screen.mode == "bookmarks"
        assert [row.id for row in screen.articles.rows] == ["wire/port-fees"]
        await pilot.press("escape")
        await idle(pilot)
        assert screen.mode == "corpus"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "bookmarks")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await idle(pilot)
        assert screen.mode == "bookmarks"


async def test_a_corrupt_state_file_is_a_message_not_a_crash(corpus: Path) -> None:
    path = state_path([corpus])
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00garbage" * 500)
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert any("set aside" in n.message for n in app._notifications)
        await pilot.press("b")
        assert app.is_running and screen.state.bookmarks()
