"""The ? screen: every key binding, with its id for config.yaml's keymap."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.screens.dialog import Dialog

INTRO = (
    'Keys can be changed in config.yaml under keymap:, by id, e.g.  search: "/,ctrl+s"\n'
    "Mouse: click a row to open it, a see-also link to follow it; the wheel scrolls.\n"
)


def key_names(keys: str) -> str:
    names = {
        "slash": "/",
        "question_mark": "?",
        "right_square_bracket": "]",
        "left_square_bracket": "[",
    }
    return ", ".join(names.get(k, k) for k in keys.split(","))


class HelpScreen(Dialog):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close_help"),
    ]

    def __init__(self, sections: list[tuple[str, list[Binding]]], keymap: dict[str, str]):
        super().__init__()
        self.sections = sections
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys · Esc closes"
            yield Static(self.text(), id="help-text")

    def text(self) -> Content:
        rows: list[Content] = [Content(INTRO)]
        for title, bindings in self.sections:
            rows.append(Content.styled(title, "bold"))
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                rows.append(
                    Content.assemble(
                        f"  {key_names(keys):<22}",
                        f"{binding.description:<24}",
                        (binding.id or "", "dim"),
                    )
                )
            rows.append(Content(""))
        return Content("\n").join(rows)
