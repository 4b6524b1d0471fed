"""A dialog over the reader that closes itself only while it is the screen on top."""

from __future__ import annotations

from typing import Any

from textual.screen import ModalScreen


class Dialog(ModalScreen[None]):
    """Escape (or its own key) closes it; a second close, or one meant for another, is ignored.

    ``Screen.dismiss`` pops whatever screen is on top, so a dialog closed twice would take
    away the screen below it (issue 15, item 2).
    """

    async def action_dismiss(self, result: Any = None) -> None:
        if self.is_current:
            await super().action_dismiss(result)
