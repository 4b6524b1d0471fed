"""The memory a step's whole process tree holds, sampled while it runs (Linux only).

Peak RSS (``ru_maxrss``) counts a page once in every process that maps it: a worker forked
from a 500 MB parent shows 500 MB before it does anything, and pages of a mapped file count
in full in each process that reads them. The proportional set size (``Pss`` in
``/proc/PID/smaps_rollup``) shares each page among the processes mapping it, so its sum over
the tree is what the step holds; ``Pss_Anon`` is the part the system cannot drop without
swap (not file pages, which it can drop and read again).

A step's own peak is ``VmHWM`` (``peak_rss_kb``), not ``ru_maxrss``: a process started by
``subprocess`` (vfork, then exec) begins with its parent's high-water mark in ``ru_maxrss``,
so every step showed at least the harness's own peak (at 100,000 articles the harness had
just generated the corpus: 557 MB on a build whose own peak was 420 MB).
"""

from __future__ import annotations

import resource
import threading
from pathlib import Path

EVERY = 0.25  # seconds between samples


def status_kb(field: str) -> int | None:
    """A kB field of ``/proc/self/status`` (``VmHWM``, ``VmRSS``); None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def peak_rss_kb() -> int:
    """This process's peak RSS in kB: ``VmHWM`` where there is one (Linux), else
    ``ru_maxrss`` (which there is the parent's peak too, if that was higher)."""
    found = status_kb("VmHWM")
    return found if found is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (``/proc/PID/task/TID/children``)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> tuple[int, int]:
    """(Pss, Pss_Anon) of one process in kB; zeros when it is gone."""
    total = anon = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                total = int(line.split()[1])
            elif line.startswith("Pss_Anon:"):
                anon = int(line.split()[1])
    except OSError:
        pass
    return total, anon


def tree_pss_kb(pid: int) -> tuple[int, int]:
    """(Pss, Pss_Anon) summed over ``pid`` and its descendants, in kB."""
    sums = [_pss_kb(p) for p in _tree(pid)]
    return sum(s[0] for s in sums), sum(s[1] for s in sums)


class TreeSampler:
    """Samples ``tree_pss_kb`` of this process every ``EVERY`` seconds in a thread; the
    peaks are ``peak_mb`` and ``peak_anon_mb`` (None where ``/proc`` has no
    ``smaps_rollup``)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_kb = self.peak_anon_kb = 0
        self.supported = Path(f"/proc/{pid}/smaps_rollup").exists()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(EVERY):
                return

    def sample(self) -> None:
        total, anon = tree_pss_kb(self.pid)
        self.peak_kb = max(self.peak_kb, total)
        self.peak_anon_kb = max(self.peak_anon_kb, anon)

    def __enter__(self) -> TreeSampler:
        if self.supported:
            self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self.supported:
            self._stop.set()
            self._thread.join()
            self.sample()

    @property
    def peak_mb(self) -> float | None:
        return self.peak_kb / 1024 if self.supported else None

    @property
    def peak_anon_mb(self) -> float | None:
        return self.peak_anon_kb / 1024 if self.supported else None


def pss_cell(row: dict[str, object]) -> str:
    """A table row's tree peak: all its pages, and of those the anonymous ones."""
    total, anon = row.get("tree_pss_mb"), row.get("tree_anon_mb")
    if not isinstance(total, float) or not isinstance(anon, float):
        return "n/a"
    return f"{total:.0f} (anon {anon:.0f})"
