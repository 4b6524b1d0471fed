"""The names the command line checks a config against (tui/names.py), kept true to the app.

The list lives in a module without Textual so that `storyline list` does not pay a second of
imports to warn about a mistyped key; these tests fail when a binding id or a theme is added
to the reader and not to the list.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
from pathlib import Path

from index.config import Config
from tui.names import KEYMAP_IDS, THEMES


def reader_binding_ids() -> set[str]:
    from textual.binding import Binding
    from textual.dom import DOMNode

    import tui.screens
    import tui.widgets

    names = ["tui.app"]
    for package in (tui.screens, tui.widgets):
        names += [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
    ids: set[str] = set()
    for name in names:
        for _, cls in inspect.getmembers(importlib.import_module(name), inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__.startswith("tui"):
                for base in cls.__mro__:
                    for binding in getattr(base, "BINDINGS", None) or []:
                        if isinstance(binding, Binding) and binding.id:
                            ids.add(binding.id)
    return ids


def test_keymap_ids_are_the_readers_binding_ids() -> None:
    assert reader_binding_ids() == set(KEYMAP_IDS)


def test_themes_are_the_readers_themes(tmp_path: Path) -> None:
    from tui.app import StorylineApp

    app = StorylineApp(Config(path=None, corpus=(tmp_path,)))
    assert set(app.available_themes) == set(THEMES)


def test_names_module_imports_no_textual() -> None:
    code = "import sys, tui.names; print(any(m.startswith('textual') for m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_checked_names_keep_known_and_drop_unknown(tmp_path: Path) -> None:
    from index.config import parse_config

    text = "keymap:\n  search: ctrl+f\n  nope: x\ntheme: nord\n"
    config = parse_config(text, tmp_path / "c.yaml").checked_names(KEYMAP_IDS, THEMES)
    assert config.keymap == {"search": "ctrl+f"} and config.theme == "nord"
    assert [p.line for p in config.problems] == [3]
