"""A fixed, deterministic query set drawn from a corpus's own vocabulary.

Each query is written once in storyline's (Whoosh) syntax and once in SQLite FTS5 syntax, so
both engines answer the same question. Words are chosen by document frequency (common,
mid-frequency, rare) over a deterministic sample of the corpus.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

from benchmarks.generate import naive_texts

SAMPLE = 2000  # documents read to pick the vocabulary
_WORD = re.compile(r"(?<![\w'-])[a-z]{4,}(?![\w'-])")  # lowercase in the text: not names
_NAME = re.compile(r"\b([A-Z][a-z]{2,} [A-Z][a-z]{2,})\b")
_DATE = re.compile(r"^date:\s*(\d{4})-\d\d-\d\d\s*$", re.MULTILINE)
_TAGS = re.compile(r"^tags:\s*\[([^\]]*)\]\s*$", re.MULTILINE)
# Whoosh's default stop words and a few front-matter words, never searched as words.
STOP = frozenset(STOP_WORDS) | {"said", "https", "example", "title", "date", "source", "tags"}


@dataclass(frozen=True)
class Query:
    kind: str  # word-common/-mid/-rare, phrase, boolean, fuzzy, wildcard, long-word, field
    whoosh: str
    fts5: str


@dataclass
class _Sample:
    df: Counter[str]
    title_df: Counter[str]
    docs: list[tuple[str, str, str]]
    years: Counter[str]
    tags: Counter[str]
    names: Counter[str]


def _read_sample(corpus: Path) -> _Sample:
    texts = list(naive_texts(corpus))
    step = max(1, len(texts) // SAMPLE)
    docs = texts[::step][:SAMPLE]
    df: Counter[str] = Counter()
    title_df: Counter[str] = Counter()
    years: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    names: Counter[str] = Counter()
    for _id, title, text in docs:
        body = _strip_front_matter(text)
        df.update(set(_WORD.findall(body)))
        title_df.update(set(_WORD.findall(title.lower())))
        years.update(_DATE.findall(text[:2000]))
        for match in _TAGS.findall(text[:2000]):
            tags.update(t.strip().strip("\"'") for t in match.split(",") if t.strip())
        names.update(_NAME.findall(body))
    return _Sample(df, title_df, docs, years, tags, names)


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            return text[end + 5 :]
    return text


def _ranked(counter: Counter[str]) -> list[tuple[str, int]]:
    """Words by document frequency, keeping only words that are their own, unshared stem
    (so the count is the stemmed engines' count too: no "accord" standing for "according")."""
    stems: Counter[str] = Counter(stem(w) for w in counter)
    return sorted(
        (
            (w, c)
            for w, c in counter.items()
            if w not in STOP and w.isalpha() and stem(w) == w and stems[w] == 1
        ),
        key=lambda wc: (-wc[1], wc[0]),
    )


def _pick(ranked: list[tuple[str, int]], target: float, k: int) -> list[str]:
    """``k`` words whose document frequency is nearest ``target`` (ties by word)."""
    if not ranked:
        return ["storyline"] * k
    best = sorted(ranked, key=lambda wc: (abs(wc[1] - target), wc[0]))
    words = [w for w, _ in best[:k]]
    return (words * k)[:k]


def _phrases(sample: _Sample, count: int, length: int, skip: int) -> list[str]:
    """Runs of ``length`` consecutive non-stop words taken from evenly spaced documents."""
    found: list[str] = []
    docs = sample.docs
    if not docs:
        return []
    stride = max(1, len(docs) // (count + 1))
    for i in range(count * 4):
        _id, _title, text = docs[(skip + i * stride) % len(docs)]
        words = _strip_front_matter(text).split()
        for start in range(len(words) // 3, len(words) - length):
            run = words[start : start + length]
            if all(w.isalpha() and w.islower() and len(w) >= 4 and w not in STOP for w in run):
                phrase = " ".join(run)
                if phrase not in found:
                    found.append(phrase)
                break
        if len(found) >= count:
            break
    return found


def _swap(word: str) -> str:
    """``word`` with two neighbouring letters in its middle swapped (or doubled if short)."""
    i = len(word) // 2
    if len(word) < 4 or word[i - 1] == word[i]:
        return word[:i] + word[i] + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def build_queries(corpus: Path) -> list[Query]:
    """The fixed query set for one corpus (same corpus, same queries)."""
    sample = _read_sample(corpus)
    n = max(1, len(sample.docs))
    ranked = _ranked(sample.df)
    common = [w for w, _ in ranked[:3]] or ["storyline"]
    mid = _pick(ranked, max(2.0, 0.02 * n), 3)
    rare = _pick([wc for wc in ranked if wc[1] >= 2], 2.0, 3)
    queries: list[Query] = []
    for kind, words in (("word-common", common), ("word-mid", mid), ("word-rare", rare)):
        queries.extend(Query(kind, w, w) for w in words)
    phrases = _phrases(sample, 2, 2, 0) + _phrases(sample, 1, 3, 7)
    names = [name for name, _ in sorted(sample.names.items(), key=lambda kv: (-kv[1], kv[0]))]
    phrases += [name for name in names if name.split()[0] not in ("The", "In", "On")][:1]
    queries.extend(Query("phrase", f'"{p}"', f'"{p}"') for p in phrases)
    c, m, r = common, mid, rare
    for expr in (
        f"{c[0]} AND {m[0]}",
        f"{m[1]} OR {m[2]} OR {r[0]}",
        f"{c[1 % len(c)]} NOT {m[0]}",
        f"({m[0]} OR {m[1]}) AND {c[-1]}",
        f"{c[0]} {m[1]}",
    ):
        fts = expr if " AND " in expr or " OR " in expr or " NOT " in expr else expr
        queries.append(Query("boolean", expr, fts))
    # Misspelled words searched fuzzily (two letters swapped: one edit), wildcards on the
    # first letters of mid-frequency words, and one word longer than any in the index.
    # FTS5 has no fuzzy search: it gets the misspelling, which finds nothing.
    for word in (c[0], m[2]):
        typo = _swap(word)
        queries.append(Query("fuzzy", f"{typo}~", typo))
    for word in (m[0], c[1 % len(c)]):
        stub = word[: max(3, len(word) // 2)]
        queries.append(Query("wildcard", f"{stub}*", f"{stub}*"))
    long_word = (m[1] * (1 + 1000 // max(1, len(m[1]))))[:1000]
    queries.append(Query("long-word", long_word, long_word))
    titled = _pick(_ranked(sample.title_df), max(2.0, 0.01 * n), 1)[0]
    queries.append(Query("field", f"title:{titled}", f"title:{titled}"))
    if sample.years:
        year = sorted(sample.years.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        queries.append(Query("field", f"date:{year}", f"date:{year}"))
    single_tags = [t for t, _ in _ranked(sample.tags) if t.isalpha()]
    if single_tags:
        tag = single_tags[0]
        queries.append(Query("field", f"tag:{tag}", f'tags:"{tag}"'))
    return queries
