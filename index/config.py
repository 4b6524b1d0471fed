"""Reading and checking config.yaml.

The file is found by ``--config PATH``, then ``$STORYLINE_CONFIG``, then ``./config.yaml``,
then the project's own. Every problem names the file, the line and the key; a problem with
one key leaves that key at its default and the rest of the file still applies.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs
import yaml

from index.corpus.options import JSON_FIELDS, FeedSpec, FetchSettings, JsonFields
from index.corpus.safeyaml import safe_compose
from index.model import Problem

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_CONFIG = PROJECT_ROOT / "config.yaml"
DEFAULT_CORPUS = PROJECT_ROOT / "seeds"  # without a usable ``corpus:``, the shipped seeds
DEFAULT_THEME = "textual-dark"
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "MONEY", "PERCENT", "CARDINAL", "QUANTITY")


class ConfigError(Exception):
    """The configuration cannot be used at all (for example, the file named does not exist)."""


@dataclass(frozen=True)
class EntityConfig:
    backend: str = "rules"
    extra: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    suppress: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    path: Path | None  # the file read, or None for built-in defaults
    corpus: tuple[Path, ...]
    index_dir: Path | None = None  # None: a folder per corpus under the user cache directory
    search_limit: int = 200
    entities: EntityConfig = field(default_factory=EntityConfig)
    keymap: dict[str, str] = field(default_factory=dict)
    json_fields: JsonFields = ()  # names of a JSON article's fields, beyond the defaults
    feeds: tuple[FeedSpec, ...] = ()
    feeds_dir: Path | None = None  # where fetched items are stored (part of the corpus)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    theme: str = DEFAULT_THEME
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = field(default_factory=dict, compare=False)  # key -> line in file

    def with_corpus(self, paths: list[Path]) -> Config:
        """The same settings on other folders or files (``storyline PATH…``)."""
        from dataclasses import replace

        lines = {k: v for k, v in self.lines.items() if k != "corpus"}  # not from the file now
        return replace(self, corpus=tuple(p.expanduser().resolve() for p in paths), lines=lines)

    def where(self, key: str) -> str:
        """``file:line`` of a key as written in the config file, or "" when it is not there."""
        if self.path is None or key not in self.lines:
            return ""
        return f"{self.path}:{self.lines[key]}"

    def checked_names(self, keymap_ids: Iterable[str], themes: Iterable[str]) -> Config:
        """The config with unknown ``keymap:`` ids dropped and an unknown theme reset, each
        reported like any other mistake (file, line, key).

        The names live with the user interface (``tui/names.py``), not here: ``index`` does
        not know the reader.
        """
        from dataclasses import replace

        known_ids, known_themes = set(keymap_ids), set(themes)
        problems = list(self.problems)
        where = str(self.path) if self.path else "config"
        keymap = {}
        for key, keys in self.keymap.items():
            if key in known_ids:
                keymap[key] = keys
                continue
            close = difflib.get_close_matches(key, sorted(known_ids), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            problems.append(
                Problem(
                    where,
                    f"keymap.{key}: unknown binding id ({hint}the ? screen lists them); ignored",
                    self.lines.get(f"keymap.{key}"),
                )
            )
        theme = self.theme
        if theme not in known_themes:
            close = difflib.get_close_matches(theme, sorted(known_themes), n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            names = ", ".join(sorted(known_themes))
            problems.append(
                Problem(
                    where,
                    f"theme: unknown theme {theme!r} ({hint}known: {names}); using {DEFAULT_THEME}",
                    self.lines.get("theme"),
                )
            )
            theme = DEFAULT_THEME
        return replace(self, keymap=keymap, theme=theme, problems=tuple(problems))

    def index_path(self) -> Path:
        """Where this corpus's index lives: one folder per set of corpus roots."""
        if self.index_dir is not None:
            return self.index_dir
        roots = "\n".join(sorted(str(p.resolve()) for p in self.corpus))
        digest = hashlib.sha1(roots.encode()).hexdigest()[:12]
        name = (self.corpus[0].name if self.corpus else "corpus") or "corpus"
        return Path(platformdirs.user_cache_dir("storyline")) / f"{name}-{digest}"


def find_config(explicit: str | None = None) -> Path | None:
    """The config file to read, by the order above; None when there is none at all."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("STORYLINE_CONFIG")
    if from_env:
        return Path(from_env)
    for candidate in (Path.cwd() / "config.yaml", PROJECT_CONFIG):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: str | None = None) -> Config:
    """Read and check the config; raise ConfigError only when no settings can be had."""
    path = find_config(explicit)
    if path is None:
        return Config(path=None, corpus=(DEFAULT_CORPUS,))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        if explicit or os.environ.get("STORYLINE_CONFIG"):
            raise ConfigError(f"{path}: cannot read config: {error}") from error
        problem = Problem(str(path), f"cannot read config, using defaults: {error}")
        return Config(path=None, corpus=(DEFAULT_CORPUS,), problems=(problem,))
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Check the YAML of a config file key by key."""
    problems: list[Problem] = []
    base = path.resolve().parent
    try:
        node = safe_compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(error, "problem", None) or str(error) or "not valid YAML"
        problems.append(Problem(str(path), f"{reason}; using the built-in defaults", line))
        return Config(path=path, corpus=(DEFAULT_CORPUS,), problems=tuple(problems))
    checker = _Checker(str(path), problems)
    values = checker.mapping(node, "", _SCHEMA)
    # Paths written in the file are relative to it; a missing or refused ``corpus:`` falls
    # back to the built-in default, the shipped seeds (not a "seeds" beside this file).
    if "corpus" in values:
        corpus = tuple(_resolve(base, p) for p in values["corpus"])
    else:
        corpus = (DEFAULT_CORPUS,)
    feeds = tuple(FeedSpec(**f) for f in values.get("feeds", []) if f.get("url"))
    folder = values.get("feeds_dir")
    feeds_dir = _resolve(base, folder) if folder else default_feeds_dir()
    if feeds and feeds_dir not in corpus:  # fetched items are part of the corpus
        corpus += (feeds_dir,)
    index_dir = values.get("index_dir")
    entities = values.get("entities", {})
    return Config(
        path=path,
        corpus=corpus,
        index_dir=_resolve(base, index_dir) if index_dir else None,
        search_limit=values.get("search", {}).get("limit", 200),
        entities=EntityConfig(
            backend=entities.get("backend", "rules"),
            extra={k: tuple(v) for k, v in entities.get("extra", {}).items()},
            aliases={k: tuple(v) for k, v in entities.get("aliases", {}).items()},
            suppress=tuple(entities.get("suppress", ())),
        ),
        keymap=values.get("keymap", {}),
        json_fields=tuple((k, tuple(v)) for k, v in values.get("json_fields", {}).items()),
        feeds=feeds,
        feeds_dir=feeds_dir,
        fetch=FetchSettings(**values.get("fetch", {})),
        theme=values.get("theme", DEFAULT_THEME),
        problems=tuple(problems),
        lines=checker.lines,
    )


def default_feeds_dir() -> Path:
    """Fetched feed items live in the user data directory (they are data, not a cache)."""
    return Path(platformdirs.user_data_dir("storyline")) / "feeds"


def _resolve(base: Path, value: str) -> Path:
    path = Path(os.path.expandvars(value)).expanduser()
    return path if path.is_absolute() else (base / path).resolve()


# The schema: a dict for a mapping of known keys; ("list", type) for a list; ("map", schema)
# for a mapping of free keys; a type or a tuple of allowed strings for a scalar.
_SCHEMA: dict[str, Any] = {
    "corpus": ("list", str),
    "index_dir": (str, type(None)),
    "search": {"limit": int},
    "entities": {
        "backend": ("rules", "spacy"),
        "extra": ("map", ("list", str), LABELS),
        "aliases": ("map", ("list", str), None),
        "suppress": ("list", str),
    },
    "keymap": ("map", str, None),
    "theme": str,
    "json_fields": ("map", ("list", str), tuple(JSON_FIELDS)),
    "feeds": ("list", {"url": "url", "name": str, "folder": str, "full_text": bool}),
    "feeds_dir": (str, type(None)),
    "fetch": {"timeout": "seconds", "delay": "seconds", "max_bytes": int, "user_agent": str},
}


class _Checker:
    """Walks composed YAML nodes so that every problem can name its line."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        self.lines: dict[str, int] = {}  # dotted key -> its line, for later messages

    def report(self, node: yaml.Node, key: str, reason: str) -> None:
        self.problems.append(Problem(self.path, f"{key}: {reason}", node.start_mark.line + 1))

    def mapping(self, node: yaml.Node | None, where: str, schema: dict[str, Any]) -> dict[str, Any]:
        if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null")):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.report(node, where or "top level", "should be a mapping of keys; ignored")
            return {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            name = f"{where}.{key}" if where else key
            self.lines[name] = key_node.start_mark.line + 1
            if key not in schema:
                known = ", ".join(schema)
                self.report(key_node, name, f"unknown key (known: {known}); ignored")
                continue
            checked = self.value(value_node, name, schema[key])
            if checked is not _INVALID:
                values[key] = checked
        return values

    def value(self, node: yaml.Node, name: str, rule: Any) -> Any:
        if isinstance(rule, dict) and "url" in rule and isinstance(node, yaml.ScalarNode):
            url = self.value(node, f"{name}.url", "url")  # a feed given as its address only
            return _INVALID if url is _INVALID else {"url": url}
        if isinstance(rule, dict) and "url" in rule and isinstance(node, yaml.MappingNode):
            found = self.mapping(node, name, rule)
            if "url" not in found:
                self.report(node, name, "a feed needs a url; ignored")
                return _INVALID
            return found
        if rule == "url":
            value = self.scalar(node, name, str)
            if value is not _INVALID and not re.match(r"https?://[^\s/]+", value):
                self.report(node, name, "should be an http:// or https:// address; ignored")
                return _INVALID
            return value
        if rule == "seconds":
            seconds = self.scalar(node, name, (int, float))
            if not isinstance(seconds, int | float):
                return _INVALID
            if isinstance(seconds, bool) or seconds < 0:
                self.report(node, name, "should be a number of seconds; ignored")
                return _INVALID
            return float(seconds)
        if isinstance(rule, dict):
            return self.mapping(node, name, rule)
        if isinstance(rule, tuple) and rule and rule[0] == "list":
            if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
                return []
            if not isinstance(node, yaml.SequenceNode):
                self.report(node, name, "should be a list; ignored")
                return _INVALID
            items = [self.value(item, f"{name}[{i}]", rule[1]) for i, item in enumerate(node.value)]
            return [item for item in items if item is not _INVALID]
        if isinstance(rule, tuple) and rule and rule[0] == "map":
            if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
                return {}
            if not isinstance(node, yaml.MappingNode):
                self.report(node, name, "should be a mapping; ignored")
                return _INVALID
            out = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                self.lines[f"{name}.{key}"] = key_node.start_mark.line + 1
                allowed = rule[2]
                if allowed is not None and key not in allowed:
                    self.report(key_node, f"{name}.{key}", f"unknown (known: {', '.join(allowed)})")
                    continue
                checked = self.value(value_node, f"{name}.{key}", rule[1])
                if checked is not _INVALID:
                    out[key] = checked
            return out
        return self.scalar(node, name, rule)

    def scalar(self, node: yaml.Node, name: str, rule: Any) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, name, "should be a single value; ignored")
            return _INVALID
        value = (
            yaml.safe_load(yaml.serialize(node))
            if node.tag != "tag:yaml.org,2002:str"
            else node.value
        )
        if isinstance(rule, tuple) and all(isinstance(r, str) for r in rule):
            if value not in rule:
                self.report(node, name, f"should be one of {', '.join(rule)}; ignored")
                return _INVALID
            return value
        types = rule if isinstance(rule, tuple) else (rule,)
        if rule is int and isinstance(value, bool):
            value = None
        if not isinstance(value, types):
            wanted = " or ".join("null" if t is type(None) else t.__name__ for t in types)
            self.report(node, name, f"should be {wanted}, not {value!r:.40}; ignored")
            return _INVALID
        if rule is int and value <= 0:
            self.report(node, name, "should be a positive number; ignored")
            return _INVALID
        return value


_INVALID = object()
