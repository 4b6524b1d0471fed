"""YAML from untrusted files: the safe loader, with a limit on aliases, and a value it
cannot build ("2018-02-30") reported as the YAML error it is, at its line."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor

MAX_YAML_ALIASES = 50


class _CheckedConstructor(SafeConstructor):
    """The safe constructor, with Python's errors over a scalar (a date with no such day,
    a number that is no number) raised as YAML errors that say where."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, OverflowError) as error:
            problem = f"cannot read {node.value!r} ({error})"
            raise ConstructorError(None, None, problem, node.start_mark) from error


class _GuardedLoader(yaml.SafeLoader, _CheckedConstructor):
    """A safe loader that refuses documents with many aliases (the "billion laughs")."""

    aliases = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                raise yaml.YAMLError("too many YAML aliases (refused as a possible alias bomb)")
        return super().compose_node(parent, index)


# libyaml's parser, where PyYAML was built with it: 8x faster on a front matter (0.13 ms
# against 1 ms, a tenth of reading an article), but its composing is C, out of the guard's
# reach, so it reads only texts that can hold no alias.
_FAST: type | None = None
if getattr(yaml, "__with_libyaml__", False):
    from yaml import CSafeLoader

    class _FastLoader(CSafeLoader, _CheckedConstructor):
        pass

    _FAST = _FastLoader


def safe_yaml(text: str) -> Any:
    """``yaml.safe_load`` that also refuses alias bombs; constructs no Python objects.

    A text without an anchor (``&``) can hold no alias, so libyaml parses it when it can. A
    text it refuses is read again by the guarded Python loader, so the error a reader is
    shown (and any text the two parsers judge differently) is always the Python loader's.
    """
    try:
        return _load(text)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply to read") from None


def _load(text: str) -> Any:
    if _FAST is not None and "&" not in text:
        loader = _FAST(text)
        try:
            return loader.get_single_data()
        except yaml.YAMLError:
            pass
        finally:
            loader.dispose()
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
    except RecursionError:
        raise yaml.YAMLError("nested too deeply to read") from None
    finally:
        loader.dispose()
