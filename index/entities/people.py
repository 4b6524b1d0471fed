"""One entity per person across a corpus.

Within an article the rules already join "Mr Bush", "President Bush" and "George Bush" to the
fullest name the article uses ("George W Bush"). Across articles, ``corpus_aliases`` joins

* a one-word name ("Bush", from an article that only says "Mr Bush") to the full name the
  rest of the corpus uses for that surname, when one full name dominates it (at least
  ``DOMINANT`` of the articles that give a full name with that surname);
* a full name written without its middle initials ("George Bush") to the one written with
  them ("George W Bush"), or the other way round, whichever more articles use.

It works on plain rows (key, name, article count), so the catalog can run it over its
entity table after every update; linear in the number of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# A full name owns a surname when this share of the articles naming someone with that
# surname in full name this one.
DOMINANT = 2 / 3


def _core(words: list[str]) -> tuple[str, ...]:
    return tuple(w for w in words if len(w.rstrip(".")) > 1)


def corpus_aliases(people: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """Map a PERSON key to the key of the person it names across the corpus.

    ``people`` are (key, display name, number of articles) rows. Keys absent from the result
    stand for themselves.
    """
    rows = list(people)
    by_core: dict[tuple[str, ...], list[tuple[int, str]]] = defaultdict(list)
    for key, name, articles in rows:
        words = name.split()
        if len(words) >= 2:
            by_core[_core(words)].append((articles, key))
    out: dict[str, str] = {}
    # Spellings with and without middle initials: the most used one stands for all.
    canonical: dict[tuple[str, ...], tuple[int, str]] = {}
    for core, variants in by_core.items():
        total = sum(n for n, _ in variants)
        top = max(variants, key=lambda v: (v[0], len(v[1]), v[1]))[1]
        canonical[core] = (total, top)
        for _, key in variants:
            if key != top and len(core) >= 2:
                out[key] = top
    by_surname: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for core, (total, key) in canonical.items():
        if len(core) >= 2:
            by_surname[core[-1]].append((total, key))
    for key, name, _ in rows:
        words = name.split()
        if len(words) != 1 or words[0] not in by_surname:
            continue
        full = by_surname[words[0]]
        total = sum(n for n, _ in full)
        n, best = max(full, key=lambda v: (v[0], v[1]))
        if total and n >= DOMINANT * total:
            out[key] = best
    return out
