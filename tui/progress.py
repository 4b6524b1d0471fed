"""Rate and time left for a count of work done, for the terminal bar and the reader's header.

Plain arithmetic on (done, total, time) readings: no Textual, so subcommands can use it.
"""

from __future__ import annotations

import time


class Rate:
    """Articles per second since the first reading, and the time left at that rate."""

    def __init__(self) -> None:
        self.first: tuple[float, int] | None = None  # (time, done) of the first reading
        self.done = 0
        self.total = 0
        self.per_second = 0.0

    def update(self, done: int, total: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        if self.first is None or done < self.done:
            self.first = (now, done)  # a new run, or the first reading
        start, done_then = self.first
        elapsed = now - start
        self.per_second = (done - done_then) / elapsed if elapsed > 0 else 0.0
        self.done, self.total = done, total

    @property
    def seconds_left(self) -> float | None:
        """None until a rate is known."""
        if self.per_second <= 0:
            return None
        return max(0, self.total - self.done) / self.per_second

    def text(self) -> str:
        """E.g. "1,200/5,000 · 340/s · 0:11 left"; the count alone until a rate is known."""
        parts = [f"{self.done:,}/{self.total:,}"]
        left = self.seconds_left
        if self.total and self.done >= self.total:
            parts.append("finishing")  # the last commit and the links come after the count
        elif left is not None:
            parts += [f"{self.per_second:,.0f}/s", f"{clock(left)} left"]
        return " · ".join(parts)


def clock(seconds: float) -> str:
    """m:ss, or h:mm:ss past an hour."""
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
