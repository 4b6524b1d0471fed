"""Real news for the entity benchmark: a CoNLL-2003 file, scored on exact PER/ORG/LOC spans.

    python -m benchmarks.entity_eval --conll /path/to/valid.txt

The data set is not part of the repository (its licence is research use): pass its path.
Each ``-DOCSTART-`` starts an article; its sentences become lines, rebuilt from the tokens
with the usual spacing (no space before "," "." "'s" ")"), so datelines, headlines and result
tables stay on lines of their own as in the wire copy. Gold spans keep token offsets; MISC
is ignored. storyline's labels map PERSON -> PER, ORG -> ORG, GPE and LOC -> LOC; NORP and
values are ignored.

The trivial baseline scored beside it: every capitalised run that does not open a sentence
is an entity, the gazetteer decides its label when the run is a gazetteer name, else PER.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

Span = tuple[int, int, str]
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC"}
_NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "'s", "n't", ")", "%", "?", "!", "'re", "'ve", "'ll", "'d", "'m"}
)
_NO_SPACE_AFTER = frozenset({"(", "$"})
_CAP_RUN = re.compile(r"[A-Z][\w'&.-]*(?: [A-Z][\w'&.-]*)*")


class ConllError(ValueError):
    """A CoNLL file that cannot be read; the message names the file and line."""


def read_conll(path: Path) -> list[tuple[str, set[Span]]]:
    """Every article in a CoNLL-2003 file as (text, gold spans)."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sentence: list[tuple[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConllError(f"{path}: cannot read: {error}") from None
    for number, line in enumerate(lines, start=1):
        if line.startswith("-DOCSTART-") or not line.strip():
            if sentence:
                docs[-1].append(sentence)
                sentence = []
            if line.startswith("-DOCSTART-") and docs[-1]:
                docs.append([])
            continue
        parts = line.split()
        if len(parts) < 2:
            raise ConllError(f"{path}:{number}: expected a token and a tag, got {line!r}")
        sentence.append((parts[0], parts[-1]))
    if sentence:
        docs[-1].append(sentence)
    return [build(d) for d in docs if d]


def build(sentences: Sequence[Sequence[tuple[str, str]]]) -> tuple[str, set[Span]]:
    """One article's text (a sentence per line) and its PER/ORG/LOC gold spans."""
    parts: list[str] = []
    tokens: list[tuple[int, int, str]] = []
    pos = 0
    for i, sentence in enumerate(sentences):
        if i:
            parts.append("\n")
            pos += 1
        prev = ""
        for j, (tok, tag) in enumerate(sentence):
            if j and tok not in _NO_SPACE_BEFORE and prev not in _NO_SPACE_AFTER:
                parts.append(" ")
                pos += 1
            tokens.append((pos, pos + len(tok), tag))
            parts.append(tok)
            pos += len(tok)
            prev = tok
    return "".join(parts), set(_spans(tokens))


def _spans(tokens: Sequence[tuple[int, int, str]]) -> Iterator[Span]:
    """Entity spans from IOB1 or IOB2 tags."""
    cur: list[Any] | None = None
    prev = "O"
    for start, end, tag in tokens:
        kind = tag[2:] if tag != "O" else "O"
        if tag == "O" or tag.startswith("B-") or kind != prev:
            if cur is not None and cur[2] in ("PER", "ORG", "LOC"):
                yield (cur[0], cur[1], cur[2])
            cur = [start, end, kind] if tag != "O" else None
        elif cur is not None:
            cur[1] = end
        prev = kind
    if cur is not None and cur[2] in ("PER", "ORG", "LOC"):
        yield (cur[0], cur[1], cur[2])


def predicted(mentions: Sequence[Any]) -> set[Span]:
    return {(m.start, m.end, LABEL_MAP[m.label]) for m in mentions if m.label in LABEL_MAP}


def baseline(text: str, gazetteer: Any) -> set[Span]:
    """Capitalised runs not opening a sentence; the gazetteer names the label, else PER."""
    out: set[Span] = set()
    for m in _CAP_RUN.finditer(text):
        before = text[: m.start()].rstrip(" \"'(")
        if not before or before[-1] in ".!?\n:":
            continue
        hit = gazetteer.get(m.group(), None)
        label = LABEL_MAP.get(hit[1].label, "") if hit is not None else "PER"
        if label:
            out.add((m.start(), m.end(), label))
    return out


def evaluate_conll(path: Path) -> dict[str, Any]:
    """Scores of the extractor and of the trivial baseline, and the extractor's speed."""
    from benchmarks.entity_eval import score
    from index.entities.extractor import Extractor

    docs = read_conll(path)
    ex = Extractor()
    ex.extract("Warm-up.")
    t0, c0 = time.perf_counter(), time.process_time()
    found = [ex.extract(text) for text, _ in docs]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    ours = [(gold, predicted(ms)) for (_, gold), ms in zip(docs, found, strict=True)]
    base = [(gold, baseline(text, ex.automaton)) for text, gold in docs]
    return {
        "docs": len(docs),
        "storyline": score(ours),
        "baseline": score(base),
        "seconds": wall,
        "docs_per_s": len(docs) / wall if wall else 0.0,
        "docs_per_cpu_s": len(docs) / cpu if cpu else 0.0,
    }


def conll_text(path: Path, r: dict[str, Any]) -> str:
    """The CoNLL scores as tables, storyline above the baseline, with the speed."""
    from benchmarks.entity_eval import table

    return "\n\n".join(
        [
            table(f"CoNLL-2003 file {path.name}: storyline ({r['docs']} articles)", r["storyline"]),
            table("Trivial baseline on the same articles (capitalised runs + gazetteer)",
                  r["baseline"]),
            f"speed: {r['docs_per_s']:.0f} docs/s wall, {r['docs_per_cpu_s']:.0f} docs per"
            f" CPU-second ({r['docs']} articles in {r['seconds']:.2f} s)",
        ]
    )  # fmt: skip
