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
