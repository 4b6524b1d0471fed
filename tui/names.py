"""Names config.yaml may use for the reader, known without importing Textual.

``keymap:`` keys are binding ids and ``theme:`` a theme name; the command line checks a config
against these lists before any subcommand runs (Textual would take a second to import).
``tests/test_cli_config.py`` checks both lists against the app's bindings and Textual's themes,
so a new binding id or theme fails a test until it is added here.
"""

from __future__ import annotations

# Every binding id of the reader (App, screens and widgets), as ``keymap:`` takes them.
KEYMAP_IDS = frozenset(
    [
        "all_results",
        "article_bottom",
        "article_page_down",
        "article_page_up",
        "article_top",
        "back",
        "bookmark",
        "bookmarks",
        "close_copy",
        "close_help",
        "close_problems",
        "close_timeline",
        "copy",
        "cursor_down",
        "cursor_up",
        "entities",
        "fetch",
        "find",
        "first",
        "forward",
        "help",
        "history_back",
        "last",
        "leave_search",
        "next_mention",
        "next_related",
        "open",
        "open_external",
        "page_down",
        "page_up",
        "pane_article",
        "pane_articles",
        "pane_crossrefs",
        "pane_entities",
        "prev_mention",
        "prev_related",
        "problems",
        "quit",
        "scroll_down",
        "scroll_up",
        "search",
        "sort",
        "timeline",
        "to_results",
        "toggle_read",
        "toggle_sides",
        "unread_only",
    ]
)


# Textual's built-in themes (``App.available_themes`` of the reader).
THEMES = frozenset(
    [
        "ansi-dark",
        "ansi-light",
        "atom-one-dark",
        "atom-one-light",
        "catppuccin-frappe",
        "catppuccin-latte",
        "catppuccin-macchiato",
        "catppuccin-mocha",
        "dracula",
        "flexoki",
        "gruvbox",
        "monokai",
        "nord",
        "rose-pine",
        "rose-pine-dawn",
        "rose-pine-moon",
        "solarized-dark",
        "solarized-light",
        "textual-dark",
        "textual-light",
        "tokyo-night",
    ]
)
