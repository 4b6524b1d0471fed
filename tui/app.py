"""The storyline reader: the App, its keys and its startup."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType

from index.config import Config
from tui.keys import KeyQueue
from tui.palette import ArticleProvider
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.line_list import LineList
from tui.widgets.search_bar import SearchBar

# Keys Textual handles itself, listed on the help screen for completeness.
BUILT_IN = [
    Binding("tab", "", "Next pane"),
    Binding("shift+tab", "", "Previous pane"),
    Binding("ctrl+p", "", "Command palette", id="command_palette"),
]


class StorylineApp(KeyQueue, App[None]):
    """A reader for collections of news articles."""

    TITLE = "storyline"
    CSS_PATH = "storyline.tcss"
    COMMANDS = App.COMMANDS | {ArticleProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
    ]

    def __init__(self, config: Config) -> None:
        super().__init__()
        self.config = config

    def on_mount(self) -> None:
        if self.config.keymap:
            self.set_keymap(self.config.keymap)
        if self.config.theme in self.available_themes:
            self.theme = self.config.theme
        else:
            self.notify(f"No theme named {self.config.theme!r}; using the default", timeout=5)
        for problem in self.config.problems:
            self.notify(f"config: {problem}", severity="warning", timeout=8)
        self.push_screen(MainScreen(self.config))

    def on_unmount(self) -> None:
        self.stop_routing_keys()

    async def action_quit(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                screen.keep_place()  # while the article pane still exists
        await super().action_quit()

    def pop_screen(self) -> AwaitComplete:
        """Never pop the reader itself: a dialog dismissed twice must not take it away."""
        if isinstance(self.screen, MainScreen):
            self.log.warning("pop_screen with only the main screen left: ignored")
            return AwaitComplete(_nothing())
        return super().pop_screen()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Anywhere", [*self.BINDINGS, *MainScreen.BINDINGS, *BUILT_IN]),
            ("Lists (articles, entities, cross-references)", list(LineList.BINDINGS)),
            ("Article", list(ArticleView.BINDINGS)),
            ("Search bar", [Binding("enter", "", "Open the selected result"), *SearchBar.BINDINGS]),
            (
                "Find in the article (ctrl+f)",
                [Binding("enter", "", "Next match"), Binding("escape", "", "Close")],
            ),
        ]
        self.push_screen(HelpScreen(sections, self.config.keymap))  # type: ignore[arg-type]


async def _nothing() -> None:
    return None


def run(config: Config) -> int:
    """Open the reader; the exit status for the shell: 0, or 1 when the reader crashed."""
    app = StorylineApp(config)
    app.run()
    return app.return_code or 0
