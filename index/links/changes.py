"""What an update changed, as the links refresh needs to know it (``update`` collects it)."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING

from index.links import related as rel

if TYPE_CHECKING:
    from index.model import Article


class Changes:
    """What an update replaced and wrote, for a small links refresh to redo only what it
    must, with the numbers a full build would count.

    ``forget`` takes away the key terms of each stored article the update replaces or
    removes (``Store.on_forget`` calls it before the text is gone) and remembers its title,
    date and see-also list; ``written`` names the articles the update wrote (added or
    changed), whose key terms ``refresh`` adds.
    """

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.written: set[str] = set()
        # Each replaced article's stored (title, date, see-also JSON), as the catalog has them.
        self.stored: dict[str, tuple[str, str | None, str]] = {}

    def forget(self, article: Article) -> None:
        self.df.subtract(rel.term_counts(article.body)[0].keys())
        when = article.date.isoformat() if article.date else None
        self.stored[article.id] = (article.title, when, json.dumps(article.see_also))
