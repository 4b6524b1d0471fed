"""Article extraction from saved web pages: maintained extractors beside a trivial baseline.

Usage::

    python -m benchmarks.extract_compare [--pages DIR] [--repeat 20]
    python -m benchmarks.extract_compare --real DIR

``--real DIR`` scores real pages instead: the Article Extraction Benchmark of Scrapinghub
(github.com/scrapinghub/article-extraction-benchmark, MIT; 181 news and blog pages with
their article text by hand, ``DIR/html/*.html.gz`` and ``DIR/ground-truth.json``, kept
outside this repository). Its metric: 4-word shingles of the extracted body against the
true body, precision and recall per page, averaged; F1 of the averages.

Each page ``NAME.html`` in DIR (default: the test fixtures) has ``NAME.json`` listing
sentences the article holds (``keep``) and boilerplate that must not come out (``drop``:
navigation, ads, comments, scripts), with the title, date and author. For each extractor it
prints the share of ``keep`` found, the share of ``drop`` leaked, how many of title, date and
author came out right, and the median milliseconds per page. The baseline is every text
node of the page (``index.corpus.fragments.html_to_text``). Extractors not installed are
skipped. The fixtures are fictional: they pin behaviour and compare tools on the same
layouts, they are not a measure of quality on the web at large.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.corpus.fragments import html_to_text

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "tests" / "fixtures" / "html"

Result = tuple[str, str, str, str]  # text, title, date, author


def baseline(html: str) -> Result:
    return html_to_text(html), "", "", ""


def storyline(html: str) -> Result:
    from index.corpus.pages import extract

    page = extract(html)
    return page.text, page.title, page.date, page.author


def trafilatura_(html: str) -> Result:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return "", "", "", ""
    return doc.text or "", doc.title or "", doc.date or "", doc.author or ""


def readability_(html: str) -> Result:
    from readability import Document

    doc = Document(html)
    return html_to_text(doc.summary(html_partial=True)), doc.short_title(), "", ""


def resiliparse_(html: str) -> Result:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    tree = HTMLTree.parse(html)
    text = extract_plain_text(tree, main_content=True, comments=False)
    return text, tree.title or "", "", ""


EXTRACTORS: dict[str, tuple[str | None, Callable[[str], Result]]] = {
    "baseline (all text)": (None, baseline),
    "trafilatura": ("trafilatura", trafilatura_),
    "readability-lxml": ("readability", readability_),
    "resiliparse": ("resiliparse", resiliparse_),
    "storyline (index.corpus.pages)": ("trafilatura", storyline),
}


def main() -> None:
    main_with(None)


def main_with(argv: list[str] | None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=FIXTURES)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--real", type=Path, help="the article extraction benchmark's folder")
    args = parser.parse_args(argv)
    if args.real:
        real(args.real)
        return
    pages = []
    for html_path in sorted(args.pages.glob("*.html")):
        expected = json.loads(html_path.with_suffix(".json").read_text())
        pages.append((html_path.read_text(), expected))
    print(f"{len(pages)} pages from {args.pages}, median of {args.repeat} runs")
    print(
        f"{'extractor':32} {'kept':>6} {'leaked':>7} {'title':>6} {'date':>5}"
        f" {'author':>7} {'ms/page':>8}"
    )
    for name, (module, run) in EXTRACTORS.items():
        if module and importlib.util.find_spec(module) is None:
            print(f"{name:32} not installed")
            continue
        kept = leaked = keep_total = drop_total = titles = dates = authors = 0
        times = []
        for html, expected in pages:
            run(html)  # warm up: imports, caches
            samples = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                text, title, date, author = run(html)
                samples.append(time.perf_counter() - started)
            times.append(statistics.median(samples))
            flat = " ".join(text.split())
            kept += sum(sentence in flat for sentence in expected["keep"])
            leaked += sum(phrase in flat for phrase in expected["drop"])
            keep_total += len(expected["keep"])
            drop_total += len(expected["drop"])
            titles += title.strip() == expected["title"]
            dates += str(date)[:10] == expected["date"]
            authors += author.strip() == expected["author"]
        print(
            f"{name:32} {kept / keep_total:6.0%} {leaked / drop_total:7.0%}"
            f" {titles:>4}/{len(pages)} {dates:>3}/{len(pages)} {authors:>5}/{len(pages)}"
            f" {1000 * statistics.mean(times):8.2f}"
        )


_WORD = re.compile(r"\w+")


def _shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = _WORD.findall(text or "")
    return Counter(tuple(words[i : i + n]) for i in range(max(1, len(words) - n + 1)) if words)


def real(folder: Path) -> None:
    truth = json.loads((folder / "ground-truth.json").read_text())
    pages = {
        key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()) for key in truth
    }
    print(f"{len(pages)} real pages from {folder} (shingle precision/recall as the benchmark's)")
    print(f"{'extractor':32} {'F1':>6} {'prec':>6} {'recall':>6} {'ms/page':>8} {'failed':>6}")
    for name, (module, run) in EXTRACTORS.items():
        if module and importlib.util.find_spec(module) is None:
            print(f"{name:32} not installed")
            continue
        precisions, recalls, seconds, failed = [], [], 0.0, 0
        for key, data in pages.items():
            html = data.decode("utf-8", "replace")
            started = time.perf_counter()
            try:
                text = run(html)[0]
            except Exception:  # noqa: BLE001 - a crash scores as nothing extracted
                text, failed = "", failed + 1
            seconds += time.perf_counter() - started
            want, got = _shingles(truth[key].get("articleBody", "")), _shingles(text)
            hit = sum((want & got).values())
            if got:
                precisions.append(hit / sum(got.values()))
            if want:
                recalls.append(hit / sum(want.values()))
        precision, recall = statistics.mean(precisions), statistics.mean(recalls)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(
            f"{name:32} {f1:6.3f} {precision:6.3f} {recall:6.3f}"
            f" {1000 * seconds / len(pages):8.2f} {failed:6}"
        )
    real_dates(truth, pages)


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(\d{1,2})/(\d{1,2})/|((?:19|20)\d\d-\d\d-\d\d)")
_ANY_DATE = re.compile(
    r"(?:19|20)\d\d-\d\d-\d\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r" \d{1,2},? (?:19|20)\d\d|\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*"
    r" (?:19|20)\d\d"
)


def real_dates(truth: dict[str, Any], pages: dict[str, bytes]) -> None:
    """Page dates against the date in the page's address, where it has one (news sites
    put the day of publication there): storyline's reading of the page's metadata, beside
    the first date written anywhere in the page's text."""
    from index.corpus.dates import parse_date
    from index.corpus.pages import extract

    dated = {}
    for key, item in truth.items():
        match = _URL_DATE.search(item.get("url", ""))
        if match:
            y, m, d, iso = match.groups()
            dated[key] = iso or f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
    ours = first = ours_none = 0
    for key, want in dated.items():
        html = pages[key].decode("utf-8", "replace")
        found = parse_date(extract(html).date or "")
        ours += bool(found) and found[0].isoformat() == want
        ours_none += not found
        written = _ANY_DATE.search(html_to_text(html))
        parsed = parse_date(written.group(0)) if written else None
        first += bool(parsed) and parsed[0].isoformat() == want
    n = len(dated)
    print(f"\ndates of the {n} pages with a date in their address (same day):")
    print(f"  baseline: first date in the text   {first / n:6.1%}")
    print(f"  storyline (page metadata)          {ours / n:6.1%}  ({ours_none} pages: no date)")


if __name__ == "__main__":
    main()
