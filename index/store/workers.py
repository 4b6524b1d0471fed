"""Forked worker processes for the CPU-heavy steps of an update (preparing files, ranking
related stories), with what makes them safe to use under the update lock.

Workers are forked, so they start at once and share what the parent built before (the entity
extractor, a full links build's packed vectors) copy-on-write. They must not keep the update
lock alive, nor outlive a killed parent: see ``_adopt``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from index.store.locking import HELD

Job = TypeVar("Job")
Result = TypeVar("Result")


def count() -> int:
    """How many workers to start: one per core, at most four."""
    return min(os.cpu_count() or 1, 4)


def ordered_map(
    function: Callable[[Job], Result], jobs: Iterable[Job], workers: int, ahead: int = 2
) -> Iterator[Result]:
    """``map(function, jobs)`` in forked worker processes, results in order.

    A bounded window: workers run at most ``ahead`` jobs each ahead of the consumer, so
    finished results do not pile up in memory (``pool.map`` submits them all), and ``jobs``
    may be a generator the parent fills as it goes. A wider window lets the workers go on
    while the consumer is busy for a while (a Whoosh pool spill). ``function`` must be a
    module-level function; what it needs beyond its job can be set in a module global
    before the call.

    What the parent holds when it starts (the entity extractor's gazetteer, a links build's
    vectors) is frozen out of garbage collection until it ends (``gc.freeze``): no
    collection walks those objects again, in the parent or in a worker, where walking them
    would also copy the shared pages it marks. At 2,263 real posts the build's collections
    took 0.55 CPU-seconds instead of 1.15.
    """
    context = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_adopt, initargs=(tuple(HELD),)
        ) as pool:
            window: deque[Future[Result]] = deque()
            for job in jobs:
                window.append(pool.submit(function, job))
                if len(window) >= workers * ahead:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
    finally:
        gc.unfreeze()


class Apart:
    """A function running in a forked child process (``run_apart``)."""

    def __init__(self, pid: int, what: str) -> None:
        self.pid = pid
        self.what = what

    def wait(self) -> None:
        """Wait for it to end; raise ``OSError`` if it failed."""
        _, status = os.waitpid(self.pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise OSError(f"{self.what} failed (exit status {code})")

    def abandon(self) -> None:
        """Stop it (what it was for has failed) and reap it."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def run_apart(function: Callable[[], object], what: str) -> Apart:
    """Run ``function`` in a forked child process while this one goes on.

    The child runs it and leaves at once (``os._exit``), touching nothing else the parent
    holds; Ctrl-C is left to the parent, which abandons the child on failure.
    """
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its work shows in what it wrote
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            function()
            code = 0
        finally:
            os._exit(code)
    return Apart(pid, what)


def _adopt(held: tuple[int, ...]) -> None:
    """Run first in each worker: drop inherited lock descriptors, die with the parent,
    leave Ctrl-C to the parent.

    A forked worker inherits the parent's update lock; if the parent is killed the lock
    would live on in the worker and the next build would wait forever. PR_SET_PDEATHSIG
    (Linux) sends the worker SIGKILL when its parent dies.
    """
    for fd in held:
        with contextlib.suppress(OSError):
            os.close(fd)
    # Ctrl-C reaches the whole process group; the parent handles it and stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before we got here
        os._exit(1)
