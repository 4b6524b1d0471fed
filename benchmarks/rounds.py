"""Several rounds of the same steps, interleaved, reported by the median (``--rounds K``).

On a shared machine the speed moves by a fifth from minute to minute, and a step and its
baseline measured minutes apart can differ by that much for no reason of their own. With
``--rounds K`` every chosen step runs K times, a round after another (baseline, storyline,
baseline, storyline, ...), each round from an empty index; a row's ratio is taken in each
round, and the row reported is the round with the median ratio (the lower of the two middle
ones for an even K), with every round's ratio beside it.

Interference from the host only ever adds time, and it comes in bursts that can hit one
side of a round and not the other (storyline on two cores and naive Whoosh on one are not
slowed alike), so a timed row also gets the ratio of the fastest run of each side over
the K rounds (``fastest``): what the two take with the least interference seen, the
estimate ``timeit`` recommends. The median round stays the figure reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path


def fresh_round(work: Path) -> None:
    """Remove what a round's steps built, so the next round starts cold (the corpus copy
    stays: a step that changes a file puts it back itself)."""
    for name in ("index", "naive", "fts.sqlite", "xdg"):
        path = work / name
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def median_rows(rounds: list[list[dict]]) -> list[dict]:
    """Each row of the round with its median ratio, with ``rounds``: every round's ratio."""
    merged = []
    for k, first in enumerate(rounds[0]):
        rows = [r[k] for r in rounds]
        ratios = [row["ratio"] for row in rows]
        chosen = first
        if all(isinstance(x, float) for x in ratios):
            chosen = sorted(rows, key=lambda row: row["ratio"])[(len(rows) - 1) // 2]
        merged.append({**chosen, "rounds": ratios, **_fastest(rows)})
    return merged


def _fastest(rows: list[dict]) -> dict:
    """``{"fastest": ratio}`` of the fastest run of each side, for a timed row measured in
    every round (else nothing)."""
    ours = [row.get("storyline") for row in rows]
    theirs = [row.get("baseline") for row in rows]
    timed = rows[0].get("unit") in ("s", "ms")
    if not timed or not all(isinstance(x, float) and x > 0 for x in ours + theirs):
        return {}
    return {"fastest": min(ours) / min(theirs)}


def rounds_lines(rows: list[dict]) -> str:
    """Each row's ratio in every round, for the rows that have one."""
    lines = ["ratio in each round (the row above is the median round):"]
    for row in rows:
        ratios = row.get("rounds", [])
        if ratios and all(isinstance(x, float) for x in ratios):
            line = f"  {row['step']}: " + ", ".join(f"{x:.2f}" for x in ratios)
            if "fastest" in row:
                line += f" (fastest of each side: {row['fastest']:.2f})"
            lines.append(line)
    return "\n".join(lines)
