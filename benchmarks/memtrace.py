"""Where a cold build's process reaches its peak memory: each time its peak RSS (``VmHWM``)
grows by ``STEP_MB``, the time, the peak, the RSS now and the innermost frames of the build
(Linux only).

    python -m benchmarks.memtrace CORPUS INDEX   # INDEX: a new folder, removed first

The harness's "peak RSS" says how high; this says where. A thread polls every 10 ms, so a
peak reached inside one long C call shows at the next Python line.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
import traceback
from pathlib import Path

from benchmarks.memory import peak_rss_kb, status_kb

STEP_MB = 4
OURS = ("/index/", "/whoosh/")


def _where(thread_id: int) -> str:
    frame = sys._current_frames().get(thread_id)
    frames = [f for f in traceback.extract_stack(frame) if any(p in f.filename for p in OURS)]
    return " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in frames[::-1][:5])


def _watch(thread_id: int, started: float) -> None:
    last = 0
    while True:
        peak = peak_rss_kb() // 1024
        if peak >= last + STEP_MB:
            seconds = time.perf_counter() - started
            now = (status_kb("VmRSS") or 0) // 1024
            print(f"{seconds:8.1f}s peak {peak} now {now} | {_where(thread_id)}", flush=True)
            last = peak
        time.sleep(0.01)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.memtrace", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path, help="a new index folder (removed first)")
    args = parser.parse_args(argv)
    from index.store.store import Store
    from index.update import update_index

    shutil.rmtree(args.index, ignore_errors=True)
    started = time.perf_counter()
    watcher = threading.Thread(target=_watch, args=(threading.get_ident(), started), daemon=True)
    watcher.start()
    store = Store(args.index.resolve(), [args.corpus.resolve()])
    store.open()
    report = update_index(store)
    store.close()
    seconds = time.perf_counter() - started
    print(f"done: {report.added} added in {seconds:.1f}s, peak {peak_rss_kb() // 1024} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
