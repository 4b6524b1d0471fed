"""The update lock: one process updates an index at a time.

An flock on ``<index>.lock``, freed by the kernel if the process dies. Its descriptor is
remembered in ``HELD`` so that forked workers can close it (``workers``): a worker that
outlived a killed parent must not keep the index locked.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable, Iterator
from pathlib import Path

HELD: set[int] = set()  # descriptors of locks this process holds


@contextlib.contextmanager
def hold(lock_path: Path, wait: bool, on_wait: Callable[[], None] | None) -> Iterator[bool]:
    """Hold the lock at ``lock_path``. Yields True when held; with ``wait=False`` yields
    False at once if another process holds it (``on_wait`` is called before waiting)."""
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                yield False
                return
            if on_wait:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        HELD.add(handle.fileno())
        try:
            yield True
        finally:
            HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)
