"""Datelines on real newswire: does an undated story get the date its dateline gives?

Usage::

    python -m benchmarks.dates_eval PATH   # a CoNLL-2003 file (e.g. the dev split, valid.txt)

CoNLL-2003 holds Reuters stories of 1996, one token a line: each document becomes a text
file (sentences as paragraphs), read as storyline reads any ``.txt`` (no front matter, so the
date can only come from a dateline). The truth is the date of a line that is only a place in
capitals and an ISO date, among the first three (an independent, stricter pattern). The
baseline takes the first date written anywhere in the text. Also counted: stories dated
where that pattern found no dateline (to read by eye: false datelines, or datelines the
pattern missed).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from benchmarks.extract_compare import _ANY_DATE
from index.corpus.dates import parse_date
from index.corpus.files import SourceFile, parse_bytes

_TRUTH = re.compile(r"^[A-Z][A-Z .'-]*(?: \([A-Za-z]+\))? (\d{4}-\d\d-\d\d)$")


def documents(path: Path) -> list[list[str]]:
    docs: list[list[str]] = []
    sentences: list[str] = []
    words: list[str] = []
    for raw in [*path.read_text().splitlines(), ""]:
        if raw.startswith("-DOCSTART-"):
            if sentences:
                docs.append(sentences)
            sentences = []
        elif not raw.strip():
            if words:
                sentences.append(" ".join(words))
                words = []
        else:
            words.append(raw.split(" ")[0])
    if sentences:
        docs.append(sentences)
    return docs


def main() -> None:
    docs = documents(Path(sys.argv[1]))
    have = right = base = extra = base_extra = 0
    for number, doc in enumerate(docs):
        want = next((m.group(1) for s in doc[:3] if (m := _TRUTH.match(s))), None)
        text = "\n\n".join(doc) + "\n"
        source = SourceFile(Path("/"), Path(f"/{number}.txt"), str(number))
        article, _ = parse_bytes(source, text.encode(), 0.0)
        got = article.date.isoformat() if article and article.date else None
        first = _ANY_DATE.search(text)
        parsed = parse_date(first.group(0)) if first else None
        if want:
            have += 1
            right += got == want
            base += bool(parsed) and parsed is not None and parsed[0].isoformat() == want
        else:
            extra += bool(got)
            base_extra += bool(parsed)
    print(f"{len(docs)} documents, {have} with a dateline")
    print(f"  baseline: first date in the text  {base}/{have} = {base / have:.1%}")
    print(f"  storyline (dateline)              {right}/{have} = {right / have:.1%}")
    print(f"  dated where the pattern saw no dateline: storyline {extra}, baseline {base_extra}")


if __name__ == "__main__":
    main()
