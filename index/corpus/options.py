"""Settings of the sources that config.yaml sets: JSON field names, feeds, fetching.

Kept apart from the readers and the fetcher, which import parsers and the network stack:
reading the config must stay cheap (every command reads it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

USER_AGENT = "storyline/0.1 (terminal news reader; feed fetcher)"

# The names a JSON article's fields go by, overridable in config.yaml (``json_fields``):
# (field, (names tried in order, ...)) pairs.
JsonFields = tuple[tuple[str, tuple[str, ...]], ...]

JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article"),
    "date": ("date", "published", "published_at", "pubDate", "datetime"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "site"),
    "tags": ("tags", "categories", "keywords"),
    "see_also": ("see_also",),
}


@dataclass(frozen=True)
class FeedSpec:
    """One feed of config.yaml's ``feeds:``."""

    url: str
    name: str = ""  # the source shown for its items; default: the feed's own title
    folder: str = ""  # under the feeds folder; default: made from the address
    full_text: bool = False  # fetch the linked page when an item carries only a summary

    def folder_name(self) -> str:
        if self.folder:
            return slug(self.folder, 60)
        parts = urlsplit(self.url)
        return slug(f"{parts.hostname or ''} {parts.path}", 60) or "feed"


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 20.0
    delay: float = 1.0
    max_bytes: int = 5 * 1024 * 1024
    user_agent: str = USER_AGENT


def slug(text: str, limit: int) -> str:
    """Lower-case words joined by hyphens: a safe file or folder name."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:limit].strip("-")
