"""Timelines: a story's articles in date order with the gaps, an entity's articles by month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.links import timeline
from index.store.store import Store
from index.update import update_index

ARTICLES = {
    "strike.md": "---\ntitle: Kessary dockers strike\ndate: 2024-03-05\n---\n"
    "Dockers in Kessary walked out on Monday, the Kessary Port Authority said.\n\n"
    "SEE ALSO: Kessary port fees rise\n",
    "fees.md": "---\ntitle: Kessary port fees rise\ndate: 2024-01-20\n---\n"
    "The Kessary Port Authority raised its fees for container ships.\n",
    "talks.md": "---\ntitle: Kessary strike talks resume\ndate: 2024-05-02\n---\n"
    "Talks between dockers and the Kessary Port Authority resumed.\n\n"
    "SEE ALSO: Kessary dockers strike\n",
    "old.txt": "Kessary Port Authority founded\n\nThe Kessary Port Authority was founded.\n",
}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text)
    store = Store(tmp_path / "index", [corpus])
    store.open()
    update_index(store)
    return store


def test_story_in_date_order_with_gaps(store: Store) -> None:
    points = timeline.story(store, "strike")
    assert [(p.id, p.relation, p.gap_days) for p in points[:3]] == [
        ("fees", "see also", None),
        ("strike", "this", 45),
        ("talks", "cited by", 58),
    ]
    assert all(p.date is not None for p in points[:3])


def test_entity_by_month_with_empty_months_and_undated(store: Store) -> None:
    assert store.catalog is not None
    (entity, _), *_ = store.catalog.find_entities("Kessary Port Authority", limit=1)
    periods = timeline.entity_months(store, entity.key)
    assert [(p.month, p.count) for p in periods] == [
        ("2024-01", 1),
        ("2024-02", 0),
        ("2024-03", 1),
        ("2024-04", 0),
        ("2024-05", 1),
        ("", 1),
    ]
    assert periods[-1].ids == ("old",)


def test_timeline_command(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    config = tmp_path / "config.yaml"
    config.write_text(f"corpus: [{tmp_path / 'corpus'}]\nindex_dir: {tmp_path / 'index'}\n")
    store.close()
    assert main(["timeline", "strike", "--json", "--config", str(config)]) == 0
    story = json.loads(capsys.readouterr().out)["story"]
    assert [p["id"] for p in story[:3]] == ["fees", "strike", "talks"]
    assert main(["timeline", "Kessary Port Authority", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "2024-02" in out and "█" in out and "undated" in out
    assert main(["timeline", "Nobody At All", "--config", str(config)]) == 1
