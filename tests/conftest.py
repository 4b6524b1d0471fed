"""Shared fixtures. Every test gets its own cache directory, so no index is shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.store.store import Store
from index.update import update_index

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5be82495d6addb6d.txt"

# Fictional articles: invented countries, people and organisations.
HARBOUR = """Norvanian dockers walked off the job in Port Elsin on Monday, halting cargo traffic.
The Coastal Trade Union (CTU) said the strike would last until wages rose by 12 percent.
SEE ALSO: Norvania Raises Port Fees Amid Shipping SlumpPort Elsin officials said the fees would pay for dredging.
Transport Minister Marta Velkovan called the walkout "irresponsible" and promised talks.
"""

FEES = """Norvania Raises Port Fees Amid Shipping Slump
The Norvanian Ministry of Transport raised harbour fees by 8 percent on Friday.
Shipping companies warned that the increase would drive trade to Kessary.
Marta Velkovan said the fees were needed to pay for dredging the channel.
"""

FRONT = """---
title: Kessary Opens New Container Terminal
date: 2024-03-05
source: Eastbay Courier
url: https://example.invalid/kessary-terminal
tags: [ports, kessary]
see_also:
  - Norvania Raises Port Fees Amid Shipping Slump
---
The Kessary Port Authority opened a container terminal on Tuesday.
Officials expect it to take business from Port Elsin, where dockers are on strike.
"""

UNRELATED = """Orchard growers in the Valdria highlands reported a record apple harvest this autumn.
Cooperative chair Ilse Tamborin said cold nights had sweetened the fruit.
"""


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the reader's state
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # error logs
    monkeypatch.delenv("STORYLINE_CONFIG", raising=False)
    return cache


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small fictional corpus: plain text, a headline, front matter, nesting."""
    root = tmp_path / "corpus"
    (root / "wire" / "2024").mkdir(parents=True)
    (root / "wire" / "2024" / "harbour-strike.txt").write_text(HARBOUR)
    (root / "wire" / "port-fees.txt").write_text(FEES)
    (root / "kessary-terminal.md").write_text(FRONT)
    (root / "orchards.txt").write_text(UNRELATED)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "secret.txt").write_text("Not an article.")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    return root


def built(index: Path, *roots: Path) -> Store:
    """A store over ``roots`` at ``index``, opened and brought up to date."""
    store = Store(index, list(roots))
    store.open()
    update_index(store)
    return store
