"""The reader under real use (issue 15): bursts of keys, the mouse, the last line."""

from __future__ import annotations

from pathlib import Path

from tui.screens.main import MainScreen
from tui.widgets.crossrefs import Item

from .test_tui_support import SEEDS, app_for, burst, idle, screen_text, settled, terminal_burst

# The burst from issue 15, item 2, as it was typed into a terminal in one write.
BURST = [
    *[
        "j",
        "j",
        "j",
        "enter",
        "]",
        "]",
        "[",
        "e",
        "n",
        "n",
        "N",
        "enter",
        "j",
        "enter",
        "backspace",
        "backspace",
        "alt+right",
        "4",
        "j",
    ],
    *[
        "enter",
        "3",
        "enter",
        "s",
        "s",
        "tab",
        "tab",
        "shift+tab",
        "2",
        "G",
        "g",
        "pagedown",
        "pageup",
        "p",
        "escape",
        "?",
        "escape",
    ],
    *["ctrl+p", "escape"],
]
# The same as the bytes a terminal sends (tmux send-keys in one write), read by Textual's own
# parser: this is how the crash was met, with the Escapes read as part of the next key.
BURST_BYTES = (
    "jjj\r]][ennN\rj\r\x7f\x7f\x1b[1;3C4j\r3\rss\t\t\x1b[Z2Gg\x1b[6~\x1b[5~p\x1b?\x1b\x10\x1b"
)
LINKED = Path(__file__).resolve().parent / "fixtures" / "linked"

LAST = "The harbour master closed the last gate at midnight."


def long_corpus(tmp_path: Path) -> Path:
    """Fictional articles, one far longer than any pane."""
    root = tmp_path / "long"
    root.mkdir(parents=True)
    paragraphs = [
        f"Paragraph {n}: the Norvanian port authority in Elsin reported on the dredging"
        f" of berth {n}, which the Coastal Trade Union said was behind schedule."
        for n in range(40)
    ]
    (root / "long-harbour.txt").write_text(
        "Elsin Dredging Runs Late\n" + "\n\n".join([*paragraphs, LAST]) + "\n"
    )
    for n in range(6):
        (root / f"short-{n}.txt").write_text(
            f"Valdria Orchard Report {n}\nGrowers in the Valdria highlands picked apples.\n"
        )
    return root


async def test_a_burst_of_keys_sent_at_once_never_crashes(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for _ in range(3):
            terminal_burst(app, BURST_BYTES)
            await idle(pilot)
            await pilot.pause(0.2)
            assert app.is_running and app.return_code is None
            assert any(isinstance(s, MainScreen) for s in app.screen_stack)
            while not isinstance(app.screen, MainScreen):
                await pilot.press("escape")
        burst(app, *BURST)  # the same keys by name, Escape as Escape
        await idle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)


async def test_keys_typed_together_go_to_the_search_box(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        burst(app, *"/harbour strike")
        await idle(pilot)
        bar = screen.query_one("#search")
        assert bar.value == "harbour strike"
        assert screen.focused is bar
        assert not screen.has_class("-sides-hidden"), "s went to the search box, not the panes"


async def test_a_pasted_search_goes_to_the_search_box(corpus: Path) -> None:
    from textual import events

    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.focused is screen.articles
        app.post_message(events.Paste("/harbour strike"))
        await idle(pilot)
        assert screen.query_one("#search").value == "harbour strike"
        assert screen.mode == "search"


async def test_2G_keeps_the_G(tmp_path: Path) -> None:
    app = app_for(long_corpus(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled(pilot)
        screen.open_article("long-harbour")
        await idle(pilot)
        burst(app, "2", "G")
        await idle(pilot)
        assert screen.focused is screen.article
        assert screen.article.scroll_offset.y == screen.article.max_scroll_y > 0


async def test_the_final_sentence_is_on_screen_after_G(tmp_path: Path) -> None:
    for size in ((80, 24), (120, 40)):
        app = app_for(long_corpus(tmp_path / f"{size[0]}"))
        async with app.run_test(size=size) as pilot:
            screen = await settled(pilot)
            screen.open_article("long-harbour")
            await idle(pilot)
            await pilot.press("2", "G")
            await idle(pilot)
            shown = screen_text(app)
            assert "The harbour master closed" in shown and "midnight." in shown
            await pilot.press("g", "end")  # End, as G
            await idle(pilot)
            assert "midnight." in screen_text(app)
            await pilot.press("g", *["space"] * 20)  # space pages down to the end
            await idle(pilot)
            assert "midnight." in screen_text(app)


async def test_no_letter_is_lost_under_the_scrollbar(tmp_path: Path) -> None:
    """A long article after a short one is wrapped to the width it is drawn at: the
    scrollbar that appears once it is laid out must not eat the last letter of lines."""
    app = app_for(long_corpus(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled(pilot)
        view = screen.article
        screen.open_article("short-0")  # no scrollbar
        await idle(pilot)
        screen.open_article("long-harbour")  # a scrollbar
        await idle(pilot)
        for y in range(view.scrollable_content_region.height):
            wrapped = view.text_lines[view.scroll_offset.y + y]
            assert view.render_line(y).text.rstrip() == wrapped


async def test_a_click_opens_the_row_clicked(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        rows = screen.articles.rows
        for row in (2, 0, 3):
            await pilot.click("#articles", offset=(5, 1 + row))  # +1: the pane's border
            await idle(pilot)
            assert screen.data.article.id == rows[row].id


async def test_a_click_on_a_backlink_opens_it() -> None:
    app = app_for(LINKED)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/port-fees")
        await idle(pilot)
        rows = screen.crossrefs.rows
        at = next(i for i, r in enumerate(rows) if isinstance(r, Item) and r.kind == "backlink")
        target = rows[at].target
        await pilot.click("#crossrefs", offset=(4, 1 + at))
        await idle(pilot)
        assert screen.data.article.id == target


async def test_long_references_and_reasons_are_wrapped_not_cut() -> None:
    app = app_for(SEEDS)
    async with app.run_test(size=(120, 60)) as pilot:
        screen = await settled(pilot)
        refs = screen.crossrefs
        assert len(refs.rows) < refs.size.height, "all in view"
        lines = [refs.render_line(y).text for y in range(len(refs.rows))]
        text = " ".join(" ".join(lines).split())
        title = "RFE/RL Finds New Evidence Of Russia's Suspected Secret Nuclear Base In Belarus"
        assert f"{title} (not in corpus)" in text
        assert "…" not in text


async def test_related_reasons_are_wrapped_not_cut() -> None:
    app = app_for(LINKED)
    async with app.run_test(size=(80, 300)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/strike-begins")
        await idle(pilot)
        await pilot.press("4")
        await idle(pilot)
        refs = screen.crossrefs
        assert len(refs.rows) < refs.size.height, "all in view"
        lines = [refs.render_line(y).text for y in range(len(refs.rows))]
        text = " ".join(" ".join(lines).split())
        for story in screen.data.related:
            assert " ".join(story.sentence.split()) in text
            assert " ".join(story.title.split()) in text
        # A wrapped item takes the cursor as one: down skips its further lines.
        first = refs.cursor
        await pilot.press("j")
        assert refs.cursor > first and isinstance(refs.rows[refs.cursor], Item)


async def test_titles_come_before_date_and_source(tmp_path: Path) -> None:
    root = tmp_path / "wide"
    root.mkdir()
    title = "Kessary Port Authority Opens Second Container Terminal After Long Delay"
    (root / "a.md").write_text(
        f"---\ntitle: {title}\ndate: 2024-03-05\nsource: Eastbay Courier\n---\n"
        "The Kessary Port Authority opened a terminal.\n"
    )
    app = app_for(root)
    async with app.run_test(size=(150, 40)) as pilot:
        screen = await settled(pilot)
        shown = screen.articles.render_line(0).text
        assert shown.startswith(title[:40]), shown


async def test_bad_files_point_at_p(corpus: Path) -> None:
    (corpus / "0-binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (corpus / "0-empty.txt").write_text("")
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        # The first article that can be shown is, not an error and a blank pane.
        assert screen.data is not None
        assert not screen.data.article.id.startswith("0-")
        header = str(screen.query_one("#status-corpus").render())
        assert "2 skipped (p)" in header
        screen.open_article("0-binary")
        await idle(pilot)
        text = " ".join(screen.article.text_lines)
        assert "binary" in text and "Press p" in text


def test_a_crash_exits_non_zero(corpus: Path, monkeypatch) -> None:
    from textual.app import App

    from index.config import Config
    from tui import app as app_module

    def broken(self: object) -> None:
        raise RuntimeError("a bug in a key handler")

    original_run = App.run
    monkeypatch.setattr(MainScreen, "on_mount", broken)
    monkeypatch.setattr(App, "run", lambda self, **kw: original_run(self, headless=True))
    assert app_module.run(Config(path=None, corpus=(corpus,))) == 1
