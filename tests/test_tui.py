"""Pilot tests of the reader's flows: keys pressed, panes checked."""

from __future__ import annotations

from pathlib import Path

from index.config import Config
from tui.reader import Reader
from tui.trail import Trail
from tui.widgets.crossrefs import Item

from .test_tui_support import SEEDS, app_for, idle, settled, type_text

INJECTION = "[b]Breaking[/b] [Updated] $5bn [@click=app.quit]x"


def rendered(widget, lines: int = 30) -> list[str]:
    """What a Line API pane shows, line by line."""
    return [widget.render_line(y).text for y in range(lines)]


async def test_seed_opens_with_title_references_and_entities() -> None:
    app = app_for(SEEDS)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.index_state == "fresh"
        article = screen.data.article
        assert article.title_derived
        assert article.title.startswith("Belarusian strongman Aleksandr Lukashenko")
        text = "\n".join(screen.article.text_lines)
        assert text.startswith("Belarusian strongman Aleksandr")
        # Both see-also references, in place and marked as not in the corpus.
        assert "→ See also: Pakistan's Deportation Drive Sees Mass Exodus Of Afghans (not in" in (
            " ".join(screen.article.text_lines)
        )
        refs = [row for row in screen.crossrefs.rows if isinstance(row, Item)]
        assert [r.title for r in refs[:2]] == [
            "Pakistan's Deportation Drive Sees Mass Exodus Of Afghans",
            "RFE/RL Finds New Evidence Of Russia's Suspected Secret Nuclear Base In Belarus",
        ]
        assert all(r.target is None for r in refs[:2])
        assert any("not in corpus" in line for line in rendered(screen.crossrefs))
        # The reference stood before the paragraph it was glued to.
        lines = screen.article.text_lines
        at = next(i for i, line in enumerate(lines) if line.startswith("→ See also: Pakistan"))
        body = article.body
        before = screen.article.line_of(body.index("Isolated diplomatically"))
        after = screen.article.line_of(body.index('"Pakistan has many people'))
        assert before < at < after
        names = [e.name for e in screen.entities.list.rows if not isinstance(e, str)]
        assert "Aleksandr Lukashenko" in names
        headings = [row for row in screen.entities.list.rows if isinstance(row, str)]
        assert headings[0].startswith("People")


async def test_search_as_you_type_and_open_a_hit(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        assert screen.focused is screen.query_one("#search")
        await type_text(pilot, "dredging")
        await idle(pilot)
        assert screen.mode == "search"
        ids = {hit.id for hit in screen.articles.rows}
        assert ids == {"wire/2024/harbour-strike", "wire/port-fees"}
        assert screen.articles.snippets
        await pilot.press("enter")
        await idle(pilot)
        opened = screen.data.article.id
        assert opened == screen.articles.rows[0].id
        assert "dredg" in " ".join(screen.article.terms)
        # Escape steps back to the results, then leaves search: the full list, the article stays.
        await pilot.press("escape", "escape")
        await idle(pilot)
        assert screen.mode == "corpus"
        assert len(screen.articles.rows) == 4
        assert screen.data.article.id == opened


async def test_follow_related_story_and_come_back(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/2024/harbour-strike")
        await idle(pilot)
        start = screen.data.article.id
        assert screen.data.related, "the fixture's harbour strike has related stories"
        first = screen.data.related[0].id
        await pilot.press("right_square_bracket")
        await idle(pilot)
        assert screen.data.article.id == first
        assert screen.trail.path() == [start, first] or screen.trail.path()[-2:] == [start, first]
        await pilot.press("backspace")
        await idle(pilot)
        assert screen.data.article.id == start
        await pilot.press("alt+right")
        await idle(pilot)
        assert screen.data.article.id == first


async def test_resolved_reference_opens(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/2024/harbour-strike")
        await idle(pilot)
        await pilot.press("4")
        assert screen.focused is screen.crossrefs
        item = screen.crossrefs.current
        assert item.title == "Norvania Raises Port Fees Amid Shipping Slump"
        assert item.target == "wire/port-fees"
        await pilot.press("enter")
        await idle(pilot)
        assert screen.data.article.id == "wire/port-fees"
        assert screen.trail.path()[-2:] == ["wire/2024/harbour-strike", "wire/port-fees"]


async def test_unresolved_reference_offers_a_search() -> None:
    app = app_for(SEEDS)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("4", "enter")
        await idle(pilot)
        bar = screen.query_one("#search")
        assert bar.value.startswith("pakistan OR s OR deportation OR drive")
        assert screen.mode == "search"
        # The words, not the phrase: the seed, which names Pakistan, is found.
        assert screen.articles.rows and screen.focused is screen.articles
        await pilot.press("j")
        assert bar.value.startswith("pakistan OR"), "j moves in the list, never edits the query"


async def test_choose_an_entity_and_list_its_articles(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/port-fees")
        await idle(pilot)
        await pilot.press("e")
        entity_list = screen.entities.list
        assert screen.focused is entity_list
        names = [r.name if not isinstance(r, str) else r for r in entity_list.rows]
        target = names.index("Marta Velkovan")
        while entity_list.cursor != target:
            await pilot.press("j")
        await idle(pilot)
        assert screen.article.chosen == entity_list.current.key
        await pilot.press("n")
        mention = screen.article.chosen_mentions()[screen.article.current]
        assert screen.data.article.body[mention.start : mention.end] == "Marta Velkovan"
        await pilot.press("enter")
        await idle(pilot)
        assert screen.mode == "entity"
        ids = {row.id for row in screen.articles.rows}
        assert ids == {"wire/port-fees", "wire/2024/harbour-strike"}
        assert screen.focused is screen.articles


async def test_markup_in_a_title_is_shown_literally(tmp_path: Path) -> None:
    root = tmp_path / "odd"
    root.mkdir()
    (root / "odd.md").write_text(
        f"---\ntitle: '{INJECTION}'\n---\nThe body says [i]hello[/i] and [@click=app.quit]bye[/].\n"
    )
    app = app_for(root)
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await settled(pilot)
        assert screen.data.article.title == INJECTION
        assert screen.article.text_lines[0] == INJECTION
        assert INJECTION in screen.articles.render_line(0).text
        assert "[i]hello[/i] and [@click=app.quit]bye[/]." in " ".join(screen.article.text_lines)
        assert INJECTION[:39] in str(screen.query_one("#status-trail").render())
        await pilot.click("#article", offset=(20, 6))
        await pilot.click("#articles", offset=(10, 1))
        await idle(pilot)
        assert app.is_running


async def test_bad_query_is_a_notification_not_a_crash(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("slash")
        await type_text(pilot, "a*")
        await idle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("wildcard" in m for m in messages)
        assert app.is_running and screen.articles.rows == []


async def test_skipped_files_are_one_key_away(corpus: Path) -> None:
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert any("skipped" in n.message for n in app._notifications)
        await pilot.press("p")
        await idle(pilot)
        text = str(app.screen.query_one("#problems-text").render())
        assert "broken.txt" in text and "binary" in text
        await pilot.press("escape")
        assert not app.screen.query("#problems-text")


async def test_narrow_terminal_shows_one_side_pane_at_a_time(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await settled(pilot)
        side = screen.query_one("#side")
        assert not side.display or side.region.width == 0
        await pilot.press("e")
        await pilot.pause()
        assert side.region.width > 0
        assert screen.articles.region.width == 0
        await pilot.press("1")
        await pilot.pause()
        assert screen.articles.region.width > 0 and side.region.width == 0


async def test_keymap_from_config_remaps_a_binding(corpus: Path) -> None:
    app = app_for(corpus, keymap={"search": "ctrl+f"})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("ctrl+f")
        assert screen.focused is screen.query_one("#search")


async def test_help_screen_lists_bindings_with_ids(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text").render())
        for expected in ("next_related", "Back", "Command palette", "leave_search"):
            assert expected in text
        await pilot.press("escape")


async def test_list_draws_only_what_is_in_view() -> None:
    """A hundred thousand rows: set at once, drawn a line at a time."""
    from textual.app import App, ComposeResult

    from index.model import Summary
    from tui.widgets.article_list import ArticleList

    rows = [Summary(f"a{i}", f"Article {i}") for i in range(100_000)]

    class One(App[None]):
        def compose(self) -> ComposeResult:
            yield ArticleList(set(), id="articles")

    app = One()
    async with app.run_test(size=(80, 24)) as pilot:
        widget = app.query_one(ArticleList)
        widget.show(rows, "")
        widget.focus()
        await pilot.press("end")
        await pilot.pause()
        assert widget.cursor == 99_999
        assert "Article 99999" in widget.render_line(widget.size.height - 1).text


def test_reader_lists_files_before_the_first_index(corpus: Path) -> None:
    reader = Reader(Config(path=None, corpus=(corpus,)))
    listing = reader.open()
    assert listing.provisional
    assert {s.id for s in listing.summaries} >= {"wire/port-fees", "orchards"}
    data = reader.load("orchards")
    assert data is not None and "apple harvest" in data.article.body
    reader.close()


def test_trail_goes_back_and_forward_like_a_browser() -> None:
    trail = Trail()
    for article_id in ("a", "b", "c"):
        trail.visit(article_id)
    assert trail.back() == "b" and trail.back() == "a" and trail.back() is None
    assert trail.forward() == "b"
    trail.visit("d")
    assert trail.path() == ["a", "b", "d"] and trail.forward() is None


async def test_palette_jumps_to_an_article_by_title(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "orchard harvest")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await idle(pilot)
        assert screen.data.article.id == "orchards"


async def test_palette_lists_an_entitys_articles(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        found = await screen.reader.call(screen.reader.find_entities, "Velkovan", 5)
        if not found:  # the catalog cannot look entities up by name yet
            return
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Marta Velkovan")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await idle(pilot)
        assert screen.mode == "entity"
        assert {row.id for row in screen.articles.rows} >= {"wire/port-fees"}


async def test_clicking_a_see_also_link_follows_it(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/2024/harbour-strike")
        await idle(pilot)
        y = next(i for i, t in enumerate(screen.article.text_lines) if t.startswith("→ See also"))
        await pilot.click("#article", offset=(16, y + 1))  # +1: the pane's border
        await idle(pilot)
        assert screen.data.article.id == "wire/port-fees"


LINKED = Path(__file__).resolve().parent / "fixtures" / "linked"


async def test_walk_related_stories_and_come_back_on_the_linked_corpus() -> None:
    app = app_for(LINKED)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/strike-begins")
        await idle(pilot)
        related = [story.id for story in screen.data.related]
        assert set(related[:3]) == {"wire/port-fees", "wire/strike-ends", "wire/talks-collapse"}
        start = len(screen.trail.path())
        await pilot.press("right_square_bracket")
        await idle(pilot)
        assert screen.data.article.id == related[0]
        # What ] and [ open next is in view, whatever this story's own related list holds.
        rows = screen.crossrefs.rows
        walk = {r.kind: r.target for r in rows if isinstance(r, Item) and "walk" in r.kind}
        assert walk == {"walk_next": related[1], "walk_previous": "wire/strike-begins"}
        first_item = next(i for i, r in enumerate(rows) if isinstance(r, Item))
        assert "1 of" in " ".join(r.text for r in rows[:first_item])
        await pilot.press("right_square_bracket")
        await idle(pilot)
        assert screen.data.article.id == related[1], "] walks the first article's list"
        await pilot.press("left_square_bracket")
        await idle(pilot)
        assert screen.data.article.id == related[0]
        # Steps of a walk replace each other: the trail is the start and the story in view.
        assert screen.trail.path()[-2:] == ["wire/strike-begins", related[0]]
        assert len(screen.trail.path()) == start + 1
        await pilot.press("backspace")
        await idle(pilot)
        assert screen.data.article.id == "wire/strike-begins"
        await pilot.press("alt+right", "left_square_bracket")
        await idle(pilot)
        assert screen.data.article.id == "wire/strike-begins"
        assert screen.trail.path()[-1] == "wire/strike-begins"
        assert len(screen.trail.path()) == start
        header = str(screen.query_one("#status-trail").render())
        assert "Dockers" in header or "dockers" in header.lower()


async def test_cross_references_on_the_linked_corpus() -> None:
    app = app_for(LINKED)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("features/election-results")
        await idle(pilot)
        items = [row for row in screen.crossrefs.rows if isinstance(row, Item)]
        see_also = {item.title: item.target for item in items if item.kind == "see_also"}
        assert see_also["Kessary Central Bank Cuts Rates Again"] is None
        assert see_also["Valdria Opposition Rallies Before Vote"] == "features/opposition-rallies"
        text = " ".join(screen.article.text_lines)
        assert "Kessary Central Bank Cuts Rates Again (not in corpus)" in text
        screen.open_article("wire/port-fees")
        await idle(pilot)
        backlinks = [
            r.target for r in screen.crossrefs.rows if getattr(r, "kind", "") == "backlink"
        ]
        assert "wire/strike-begins" in backlinks
        reasons = [r.text for r in screen.crossrefs.rows if not isinstance(r, Item)]
        assert any("SEE ALSO" in text or "cited by" in text for text in reasons)
        # A reference given as an id shows the title of the article it leads to.
        screen.open_article("wire/strike-ends")
        await idle(pilot)
        shown = {
            row.title: row.target
            for row in screen.crossrefs.rows
            if isinstance(row, Item) and row.kind == "see_also"
        }
        assert "wire/talks-collapse" not in shown
        assert "wire/talks-collapse" in shown.values()


async def test_an_index_problem_is_a_notification_not_a_crash(corpus: Path) -> None:
    app = app_for(corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)

        def broken(*args: object) -> None:
            raise OSError("catalog.sqlite: disk I/O error")

        screen.searcher.search = broken  # type: ignore[method-assign]
        screen.reader.entity_articles = broken  # type: ignore[method-assign]
        await pilot.press("slash")
        await type_text(pilot, "strike")
        await idle(pilot)
        await pilot.press("e", "enter")
        await idle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("Search failed" in m and "disk I/O" in m for m in messages)
        assert sum("disk I/O" in m for m in messages) >= 2
        assert app.is_running


async def test_copies_are_listed_as_duplicates_not_related() -> None:
    app = app_for(LINKED)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("wire/talks-collapse")
        await idle(pilot)
        rows = screen.crossrefs.rows
        headings = [r.text for r in rows if getattr(r, "heading", False)]
        assert "Duplicates (1)" in headings
        copies = [r.target for r in rows if isinstance(r, Item) and r.kind == "duplicate"]
        assert copies == ["wire/talks-collapse-copy"]
        related = [r.target for r in rows if isinstance(r, Item) and r.kind == "related"]
        assert "wire/talks-collapse-copy" not in related
