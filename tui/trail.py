"""The trail of articles followed, with back and forward like a browser."""

from __future__ import annotations


class Trail:
    """Article ids visited, and where in them we are."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.position = -1

    @property
    def current(self) -> str | None:
        return self.ids[self.position] if self.ids else None

    def visit(self, article_id: str) -> None:
        """Go to an article: anything ahead of here is dropped, as a browser does."""
        if self.current == article_id:
            return
        del self.ids[self.position + 1 :]
        self.ids.append(article_id)
        self.position = len(self.ids) - 1

    @property
    def previous(self) -> str | None:
        return self.ids[self.position - 1] if self.position > 0 else None

    def replace(self, article_id: str) -> None:
        """Put another article where we are (a step of a related walk replaces the last)."""
        if not self.ids:
            self.visit(article_id)
            return
        del self.ids[self.position + 1 :]
        self.ids[self.position] = article_id

    def back(self) -> str | None:
        if self.position <= 0:
            return None
        self.position -= 1
        return self.current

    def forward(self) -> str | None:
        if self.position >= len(self.ids) - 1:
            return None
        self.position += 1
        return self.current

    def path(self) -> list[str]:
        """The ids from the start up to the one in view."""
        return self.ids[: self.position + 1]


class RelatedWalk:
    """``]`` and ``[``: stepping through the related stories of the article a walk began on.

    A walk follows the list of the article it started from, so ``]`` twice gives its first
    and second related stories, not the first story's own first one. The Cross-references
    pane shows where the walk stands (``around``), so what ``]`` and ``[`` open is in view.
    """

    def __init__(self) -> None:
        self.anchor: str | None = None
        self.ids: list[str] = []
        self.position = -1

    def on(self, current: str | None) -> bool:
        """Is a walk under way, and is ``current`` where it stands?"""
        inside = 0 <= self.position < len(self.ids)
        return self.anchor is not None and inside and self.ids[self.position] == current

    def start(self, anchor: str, ids: list[str], step: int) -> None:
        self.anchor, self.ids = anchor, ids
        self.position = -1 if step > 0 else len(ids)

    def step(self, step: int) -> tuple[str | None, bool]:
        """The next article to open, and whether the walk ran off its end (then: the anchor)."""
        self.position += step
        if 0 <= self.position < len(self.ids):
            return self.ids[self.position], False
        anchor = self.anchor
        self.stop()
        return anchor, True

    def stop(self) -> None:
        self.anchor, self.ids, self.position = None, [], -1

    def around(self) -> tuple[str, int, int, str | None, str | None] | None:
        """(anchor, position, length, previous id, next id) while a walk is under way.

        Before the first story ``[`` goes back to the anchor; after the last, ``]`` does.
        """
        if self.anchor is None or not 0 <= self.position < len(self.ids):
            return None
        previous = self.ids[self.position - 1] if self.position > 0 else self.anchor
        following = self.ids[self.position + 1] if self.position + 1 < len(self.ids) else None
        return self.anchor, self.position, len(self.ids), previous, following or self.anchor
