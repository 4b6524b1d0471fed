"""YAML from untrusted files: the safe loader, with a limit on aliases."""

from __future__ import annotations

from typing import Any

import yaml

MAX_YAML_ALIASES = 50


class _GuardedLoader(yaml.SafeLoader):
    """A safe loader that refuses documents with many aliases (the "billion laughs")."""

    aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError("too many YAML aliases (refused as a possible alias bomb)")
        return super().compose_node(parent, index)


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load`` that also refuses alias bombs; constructs no Python objects."""
    loader = _GuardedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def safe_compose(text: str) -> yaml.Node | None:
    """``yaml.compose`` with the same guard, for checks that need line numbers."""
    loader = _GuardedLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()
