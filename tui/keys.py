"""Keys handled one at a time, each to the end, in the order they were typed.

Textual hands every key to the widget focused *when the key is read*, and a key's effect
(a focus change, a screen pushed or dismissed) happens later, on other message queues. Keys
that arrive together (a paste, a fast typist, a terminal replaying input) were all routed
before the first had taken effect: ``/harbour`` typed the letters into the list as commands,
``2G`` sent ``G`` to the wrong pane, and ``? Escape Ctrl+P Escape`` let one screen's Escape
dismiss another and pop the main screen (issue 15, items 2 and 5).

``KeyQueue`` routes a key only after the previous one has been handled all the way up: it
follows the key from the widget it was given to, through each ancestor's queue, to the
App, where bindings run, and then lets the App and the screen run what the key scheduled
(``focus()`` and screen changes are scheduled, not immediate).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual import events
from textual.app import App
from textual.message_pump import MessagePump

SETTLE_TIMEOUT = 2.0  # seconds; only a queue that closed mid-key (a screen gone) waits this


class KeyQueue:
    """Mixed into the App: keys and pastes are routed one at a time, each to completion."""

    _pending: asyncio.Queue[events.Event] | None = None
    _router: asyncio.Task[None] | None = None

    async def on_event(self, event: events.Event) -> None:
        app: Any = self
        if isinstance(event, events.Key | events.Paste) and not event.is_forwarded:
            if self._pending is None:
                self._pending = asyncio.Queue()
                self._router = asyncio.create_task(self._route_keys(), name="key-router")
            self._pending.put_nowait(event)
            return
        await super().on_event(event)  # type: ignore[misc]
        del app

    async def _route_keys(self) -> None:
        assert self._pending is not None
        while True:
            event = await self._pending.get()
            try:
                await self._route(event)
            except Exception as error:  # noqa: BLE001 - the App reports its own errors
                app: Any = self
                app._handle_exception(error)
                return

    async def _route(self, event: events.Event) -> None:
        app: App[Any] = self  # type: ignore[assignment]
        target: MessagePump = app.focused or app.screen
        await App.on_event(app, event)  # priority bindings, then forwarded to ``target``
        # Follow the key up the tree: each ancestor handles it (or sees it stopped) before a
        # callback posted after it runs.
        node: MessagePump | None = target
        while node is not None and node is not app:
            await _settle(node)
            node = node._parent
        await _settle(app)  # bindings have run; focus() and screen changes are queued next
        await _settle(app.screen)
        await _settle(app)

    def stop_routing_keys(self) -> None:
        if self._router is not None:
            self._router.cancel()


async def _settle(pump: MessagePump) -> None:
    """Wait until everything queued on ``pump`` so far has been handled."""
    done = asyncio.Event()
    if not pump.call_later(done.set):
        return  # closed, or closing: nothing more will run there
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(done.wait(), SETTLE_TIMEOUT)
