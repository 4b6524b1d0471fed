"""Cross-references: SEE ALSO links, backlinks, related stories (being written)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from index.store import Store


def refresh(store: Store, changed: set[str], removed: set[str]) -> None:
    """Recompute the links that the changed and removed articles affect."""
