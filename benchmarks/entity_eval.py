"""Entity extraction quality and speed on the gold set.

    python -m benchmarks.entity_eval            # table: precision, recall, F1 per label
    python -m benchmarks.entity_eval --json     # the same as JSON
    python -m benchmarks.entity_eval --errors   # also list every miss and false alarm
    python -m benchmarks.entity_eval --conll PATH   # also real news: a CoNLL-2003 file

Gold: ``tests/fixtures/entities/gold.txt`` (fictional articles, inline ``[[surface|LABEL]]``,
used while tuning), ``heldout.txt`` and ``heldout2.txt`` (same format, each written blind
after the tuning before it; their first blind scores are recorded in their headers, later
fixes were general rules prompted by their misses) and ``seed.json`` (offsets into the seed
article's body after the "SEE ALSO" titles are lifted out, as the corpus parser does).
Scoring is exact span + label.
Throughput is measured on the gold texts repeated to about 2 MB; it is reported, never
asserted.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = ROOT / "tests" / "fixtures" / "entities"
SEED = ROOT / "seeds" / "000_5be82495d6addb6d.txt"
_MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z_]+)\]\]")
_SEE_ALSO = re.compile(r"SEE ALSO: [^\n]*?(?<=[a-z])(?=[\"“A-Z])")

Span = tuple[int, int, str]


@dataclass(frozen=True)
class GoldDoc:
    id: str
    style: str
    text: str
    spans: tuple[Span, ...]


def parse_marked(marked: str) -> tuple[str, list[Span]]:
    """Remove ``[[surface|LABEL]]`` marks; return the plain text and the gold spans."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        surface, label = m.group(1), m.group(2)
        spans.append((length, length + len(surface), label))
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"malformed mark near {text[text.find('[[') :][:60]!r}")
    return text, spans


def load_gold(path: Path = GOLD_DIR / "gold.txt") -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    head: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if head is not None:
            doc_id, _, style = head.partition("|")
            text, spans = parse_marked("\n".join(lines).strip("\n"))
            docs.append(GoldDoc(doc_id.strip(), style.strip(), text, tuple(spans)))

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("=== "):
            flush()
            head, lines = line[4:], []
        elif head is not None:
            lines.append(line)
    flush()
    return docs


def seed_body(raw: str | None = None) -> str:
    """The seed article with each glued "SEE ALSO: <title>" lifted out, as the parser does."""
    raw = SEED.read_text(encoding="utf-8") if raw is None else raw
    return _SEE_ALSO.sub("\n", raw).rstrip("\n")


def load_seed(path: Path = GOLD_DIR / "seed.json") -> GoldDoc:
    data = json.loads(path.read_text(encoding="utf-8"))
    text = seed_body()
    spans = []
    for start, end, label, surface in data["spans"]:
        if text[start:end] != surface:
            raise ValueError(
                f"seed gold out of date at {start}: {text[start:end]!r} != {surface!r}"
            )
        spans.append((start, end, label))
    return GoldDoc("seed", "real article (RFE/RL)", text, tuple(spans))


def score(pairs: Sequence[tuple[set[Span], set[Span]]]) -> dict[str, dict[str, float]]:
    """Per-label and overall precision/recall/F1 from (gold, predicted) span sets."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, pred in pairs:
        for s in pred & gold:
            tp[s[2]] += 1
        for s in pred - gold:
            fp[s[2]] += 1
        for s in gold - pred:
            fn[s[2]] += 1
    out: dict[str, dict[str, float]] = {}
    labels = sorted(set(tp) | set(fp) | set(fn))
    for lab in [*labels, "ALL"]:
        t = sum(tp.values()) if lab == "ALL" else tp[lab]
        p_n = t + (sum(fp.values()) if lab == "ALL" else fp[lab])
        g_n = t + (sum(fn.values()) if lab == "ALL" else fn[lab])
        p = t / p_n if p_n else 0.0
        r = t / g_n if g_n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out[lab] = {"precision": p, "recall": r, "f1": f, "gold": g_n, "predicted": p_n}
    return out


def evaluate(docs: Sequence[GoldDoc], extractor: object | None = None) -> dict[str, object]:
    from index.entities.extractor import Extractor

    ex = extractor if isinstance(extractor, Extractor) else Extractor()
    pairs = []
    errors = []
    for d in docs:
        pred = {(m.start, m.end, m.label) for m in ex.extract(d.text)}
        gold = set(d.spans)
        pairs.append((gold, pred))
        for s in sorted(gold - pred):
            errors.append({"doc": d.id, "kind": "miss", "label": s[2], "text": d.text[s[0] : s[1]]})
        for s in sorted(pred - gold):
            errors.append(
                {"doc": d.id, "kind": "false", "label": s[2], "text": d.text[s[0] : s[1]]}
            )
    return {"scores": score(pairs), "errors": errors}


def throughput(docs: Sequence[GoldDoc], target_bytes: int = 2_000_000) -> dict[str, float]:
    from index.entities.extractor import Extractor

    t0 = time.perf_counter()
    ex = Extractor()
    build = time.perf_counter() - t0
    texts = [d.text for d in docs]
    size = sum(len(t.encode()) for t in texts)
    reps = max(1, target_bytes // max(size, 1))
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(reps):
        for t in texts:
            ex.extract(t)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    mb = size * reps / 1e6
    return {
        "build_s": build,
        "mb": mb,
        "seconds": elapsed,
        "cpu_seconds": cpu,
        "mb_per_s": mb / elapsed,
        "mb_per_cpu_s": mb / cpu,  # one core's rate, steadier on a busy machine
    }


def table(title: str, scores: dict[str, dict[str, float]]) -> str:
    rows = [title, f"{'label':<10}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}{'pred':>6}"]
    for lab, s in scores.items():
        rows.append(
            f"{lab:<10}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
            f"{int(s['gold']):>6}{int(s['predicted']):>6}"
        )
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of tables")
    ap.add_argument("--errors", action="store_true", help="list misses and false alarms")
    ap.add_argument("--no-speed", action="store_true", help="skip the throughput measurement")
    ap.add_argument(
        "--conll",
        type=Path,
        metavar="PATH",
        help="also score a CoNLL-2003 file (real news, kept outside the repository)",
    )
    args = ap.parse_args(argv)
    fiction = load_gold()
    heldout = load_gold(GOLD_DIR / "heldout.txt")
    heldout2 = load_gold(GOLD_DIR / "heldout2.txt")
    seed = load_seed()
    result: dict[str, object] = {
        "gold": evaluate(fiction),
        "heldout": evaluate(heldout),
        "heldout2": evaluate(heldout2),
        "seed": evaluate([seed]),
        "docs": {
            "gold": len(fiction),
            "heldout": len(heldout),
            "heldout2": len(heldout2),
            "seed": 1,
        },
    }
    if not args.no_speed:
        result["speed"] = throughput([*fiction, *heldout, *heldout2, seed])
    if args.conll is not None:
        from benchmarks.conll import ConllError, evaluate_conll

        try:
            result["conll"] = evaluate_conll(args.conll)
        except ConllError as error:
            print(f"entity_eval: {error}", file=sys.stderr)
            return 2
    if args.json:
        if not args.errors:
            for k in ("gold", "heldout", "heldout2", "seed"):
                result[k] = {"scores": result[k]["scores"]}  # type: ignore[index]
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    titles = (
        ("gold", f"Fictional gold set, tuned on ({len(fiction)} articles)"),
        ("heldout", f"Held-out set 1, fixes made after it ({len(heldout)} articles)"),
        ("heldout2", f"Held-out set 2, fixes made after it ({len(heldout2)} articles)"),
        ("seed", "Seed article (SEE ALSO titles lifted)"),
    )
    for k, title in titles:
        part = result[k]
        print(table(title, part["scores"]))  # type: ignore[index]
        if args.errors:
            for e in part["errors"]:  # type: ignore[index]
                print(f"  {e['doc']:<5} {e['kind']:<5} {e['label']:<9} {e['text']!r}")
        print()
    if "conll" in result:
        from benchmarks.conll import conll_text

        print(conll_text(args.conll, result["conll"]))  # type: ignore[arg-type]
        print()
    if "speed" in result:
        sp: dict[str, float] = result["speed"]  # type: ignore[assignment]
        print(
            f"throughput: {sp['mb_per_s']:.2f} MB/s wall, {sp['mb_per_cpu_s']:.2f} MB per"
            f" CPU-second ({sp['mb']:.1f} MB in {sp['seconds']:.2f} s);"
            f" extractor build {sp['build_s']:.2f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
