from __future__ import annotations

from pathlib import Path

import pytest

from index.config import (
    DEFAULT_CORPUS,
    PROJECT_CONFIG,
    ConfigError,
    load_config,
    parse_config,
)


def test_project_config_is_valid_and_points_at_seeds() -> None:
    config = parse_config(PROJECT_CONFIG.read_text(), PROJECT_CONFIG)
    assert config.problems == ()
    assert config.corpus == (PROJECT_CONFIG.parent / "seeds",)


def test_lookup_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    explicit = tmp_path / "a.yaml"
    explicit.write_text("corpus: [one]\n")
    env = tmp_path / "b.yaml"
    env.write_text("corpus: [two]\n")
    monkeypatch.setenv("STORYLINE_CONFIG", str(env))
    assert load_config(str(explicit)).corpus == (tmp_path / "one",)
    assert load_config().corpus == (tmp_path / "two",)
    monkeypatch.delenv("STORYLINE_CONFIG")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "config.yaml").write_text("corpus: [three]\n")
    assert load_config().corpus == (tmp_path / "three",)
    (tmp_path / "config.yaml").unlink()
    assert load_config().path == PROJECT_CONFIG


def test_errors_name_file_line_and_key(tmp_path: Path) -> None:
    text = "corpus: 5\nsearch:\n  limit: many\nbogus: 1\nentities:\n  backend: magic\ntheme: [x]\n"
    config = parse_config(text, tmp_path / "c.yaml")
    messages = [str(p) for p in config.problems]
    assert messages == [
        f"{tmp_path / 'c.yaml'}:1: corpus: should be a list; ignored",
        f"{tmp_path / 'c.yaml'}:3: search.limit: should be int, not 'many'; ignored",
        f"{tmp_path / 'c.yaml'}:4: bogus: unknown key (known: corpus, index_dir, search, "
        "entities, keymap, theme, json_fields, feeds, feeds_dir, fetch); ignored",
        f"{tmp_path / 'c.yaml'}:6: entities.backend: should be one of rules, spacy; ignored",
        f"{tmp_path / 'c.yaml'}:7: theme: should be a single value; ignored",
    ]
    # Bad keys fall back to their defaults.
    assert config.search_limit == 200 and config.entities.backend == "rules"


def test_empty_and_broken_files_fall_back_to_defaults(tmp_path: Path) -> None:
    assert parse_config("", tmp_path / "c.yaml").problems == ()
    broken = parse_config("corpus: [unclosed\n", tmp_path / "c.yaml")
    assert broken.problems and broken.problems[0].line == 2
    # The built-in default is the shipped seeds, not a "seeds" beside the broken file.
    assert broken.corpus == (DEFAULT_CORPUS,)
    assert parse_config("corpus: 5\n", tmp_path / "c.yaml").corpus == (DEFAULT_CORPUS,)
    assert parse_config("theme: nord\n", tmp_path / "c.yaml").corpus == (DEFAULT_CORPUS,)
    assert parse_config("corpus: [news]\n", tmp_path / "c.yaml").corpus == (tmp_path / "news",)
    deep = parse_config("corpus: " + "[" * 5000 + "]" * 5000, tmp_path / "c.yaml")
    assert "nested too deeply" in deep.problems[0].reason
    assert deep.corpus == (DEFAULT_CORPUS,)


def test_entity_settings(tmp_path: Path) -> None:
    text = (
        "entities:\n  extra:\n    ORG: [Coastal Trade Union]\n    WIDGET: [x]\n"
        "  aliases:\n    Coastal Trade Union: [CTU]\n  suppress: [Along]\n"
    )
    config = parse_config(text, tmp_path / "c.yaml")
    assert config.entities.extra == {"ORG": ("Coastal Trade Union",)}
    assert config.entities.aliases == {"Coastal Trade Union": ("CTU",)}
    assert config.entities.suppress == ("Along",)
    assert "entities.extra.WIDGET" in str(config.problems[0])


def test_missing_explicit_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(str(tmp_path / "nope.yaml"))


def test_index_dir_follows_xdg_cache_home(isolated_cache: Path, tmp_path: Path) -> None:
    config = parse_config("corpus: [news]\n", tmp_path / "c.yaml")
    assert config.index_path().is_relative_to(isolated_cache)
    other = config.with_corpus([tmp_path / "elsewhere"])
    assert other.index_path() != config.index_path()
