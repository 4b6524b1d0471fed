"""The timeline over the reader: a story in date order, an entity by month."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tui.screens.timeline import TimelineScreen

from .test_fetch import server  # noqa: F401 - the local HTTP server fixture
from .test_timeline import ARTICLES
from .test_tui_support import app_for, idle, settled


def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    for name, text in ARTICLES.items():
        (root / name).write_text(text)
    (root / "odd.md").write_text(
        "---\ntitle: 'Kessary [@click=app.quit]quit[/] talks'\ndate: 2024-05-09\n---\n"
        "SEE ALSO: Kessary dockers strike\n\nThe Kessary Port Authority met the union.\n"
    )
    return root


async def test_story_timeline_opens_the_chosen_article(tmp_path: Path) -> None:
    app = app_for(corpus(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("strike")
        await idle(pilot)
        await pilot.press("t")
        await idle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        articles = timeline.query_one("#timeline-articles", OptionList)
        ids = [articles.get_option_at_index(i).id for i in range(articles.option_count)]
        assert ids[:4] == ["fees", "strike", "talks", "odd"]
        # a title with markup in it is shown as written, not run
        prompt = str(articles.get_option_at_index(3).prompt)
        assert "[@click=app.quit]quit[/]" in prompt
        assert articles.highlighted == 1  # the article in view
        await pilot.press("down", "enter")
        await idle(pilot)
        assert app.screen is screen
        assert screen.data is not None and screen.data.article.id == "talks"


async def test_entity_timeline_lists_a_month_then_opens_an_article(tmp_path: Path) -> None:
    app = app_for(corpus(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        screen.open_article("strike")
        await idle(pilot)
        await pilot.press("e")
        entity_list = screen.entities.list
        names = [r.name if not isinstance(r, str) else r for r in entity_list.rows]
        target = names.index("Kessary Port Authority")
        while entity_list.cursor != target:
            await pilot.press("j")
        await pilot.press("t")
        await idle(pilot)
        timeline = app.screen
        assert isinstance(timeline, TimelineScreen)
        assert [p.month for p in timeline.periods][:3] == ["2024-01", "2024-02", "2024-03"]
        await pilot.press("enter")  # January
        await idle(pilot)
        articles = timeline.query_one("#timeline-articles", OptionList)
        assert articles.option_count == 1 and articles.get_option_at_index(0).id == "fees"
        await pilot.press("enter")
        await idle(pilot)
        assert screen.data is not None and screen.data.article.id == "fees"


async def test_r_fetches_feeds_then_the_new_articles_are_listed(
    server: str,  # noqa: F811 - the fixture imported above
    tmp_path: Path,
) -> None:
    import asyncio

    from index.config import load_config
    from tui.app import StorylineApp

    config_file = tmp_path / "config.yaml"
    config_file.write_text(
        f"corpus: [{corpus(tmp_path)}]\nindex_dir: {tmp_path / 'index'}\n"
        f"feeds: ['{server}/rss', '{server}/404']\nfeeds_dir: {tmp_path / 'feeds'}\n"
        "fetch: {delay: 0, timeout: 5}\n"
    )
    app = StorylineApp(load_config(str(config_file)))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await settled(pilot)
        assert "Kell ferries resume service" not in screen.titles.values()
        await pilot.press("r")
        for _ in range(300):
            await idle(pilot)
            if "Kell ferries resume service" in screen.titles.values():
                break
            await asyncio.sleep(0.1)
        assert "Kell ferries resume service" in screen.titles.values()
        await pilot.press("p")
        await idle(pilot)
        text = str(app.screen.query_one("#problems-text").render())
        assert "Last fetch (1)" in text and "HTTP 404" in text
