"""Resolving see-also references to articles: ids, paths, exact and fuzzy titles.

``links.refresh`` builds one ``TitleIndex`` over the corpus per update and resolves each
reference with it; first match wins:

1. an article id or a path (relative to the citing file, or to the corpus root);
2. the exact normalised title (case, compatibility forms, punctuation and spacing ignored);
3. the most similar title scoring at least ``FUZZY_THRESHOLD`` (``TitleIndex.similarity``:
   ``rapidfuzz`` string similarity, capped by how much of the titles' word weight is shared,
   headline synonyms unified), among titles sharing one of the reference's rarest words.
"""

from __future__ import annotations

import math
import posixpath
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz, process

# Fuzzy title match threshold (0-100) for ``TitleIndex.similarity``. Measured on generated
# corpora (benchmarks/generate.py: titles come from a few templates per storyline, so other
# stories' titles differ from a reference by a name or a verb, the hardest negatives) and on
# the fixtures. At 1,000 articles every reference written with other case, a synonym, a
# dropped last word or a leading "The" scores 88 or more against its article, and no
# reference to a missing article scores over 77 against any. At 10,000 articles: at 81,
# every reworded reference resolves and 34 of 2,796 near-miss pairs (1.2%) pass;
# at 84, 1.8% of rewordings are lost for 1 false match. tests/test_links.py checks both sides.
FUZZY_THRESHOLD = 81.0
MAX_REFERENCE = 300  # characters of a reference title compared; longer ones are cut


# Words headline writers swap for one another; a reference may use either. Each group is
# compared as its first word (only for the fuzzy match; an exact match needs the same words).
_HEADLINE_SYNONYMS = (
    "talks negotiations",
    "deal agreement accord pact",
    "crisis emergency",
    "probe inquiry investigation",
    "rejects dismisses",
    "backs supports endorses",
    "sees faces",
    "new fresh",
    "raises hikes increases",
    "cuts slashes lowers reduces",
    "poll election",
    "quits resigns",
    "row dispute",
    "curbs restrictions limits",
    "ban bans bars",
    "about of",
    "pm premier",
)
_CANONICAL = {w: g.split()[0] for g in _HEADLINE_SYNONYMS for w in g.split()}


def _canonical(norm: str) -> str:
    return " ".join(_CANONICAL.get(w, w) for w in norm.split())


_PATHLIKE = re.compile(r"^[\w./~-]+$")
_EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(text: str) -> str:
    """A title reduced to what identifies it: lower case, words only, single spaces."""
    text = text[: MAX_REFERENCE + 10]
    if text.isascii():  # NFKC leaves ASCII as it is, and casefold is lower
        text = text.lower().replace("'", "")
    else:
        text = unicodedata.normalize("NFKC", text).casefold()
        text = text.replace("'", "").replace("’", "")
    return " ".join(_NOT_WORD.sub(" ", text).split())[:MAX_REFERENCE]


# -- resolving ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    target: str | None
    how: str
    score: float = 0.0
    others: tuple[str, ...] = ()


class TitleIndex:
    """Every article's id, path and normalised title, for resolving references."""

    def __init__(self, rows: Iterable[tuple[str, str, str, str | None]]) -> None:
        self.by_norm: dict[str, list[str]] = defaultdict(list)
        self.by_word: dict[str, set[str]] = defaultdict(set)
        self.norm: dict[str, str] = {}
        self._canon: dict[str, str] = {}  # normalised titles with headline synonyms unified
        self.dates: dict[str, str] = {}
        self.by_path: dict[str, str] = {}
        by_word = self.by_word
        for article_id, title, path, when in rows:
            norm = normalise_title(title)
            self.norm[article_id] = norm
            self.by_norm[norm].append(article_id)
            for word in set(norm.split()):
                by_word[word].add(article_id)
            self.dates[article_id] = when or ""
            self.by_path[path] = article_id

    def canon(self, article_id: str) -> str:
        """The article's normalised title with headline synonyms unified (made when asked:
        only fuzzy candidates need it)."""
        found = self._canon.get(article_id)
        if found is None:
            found = self._canon[article_id] = _canonical(self.norm[article_id])
        return found

    def word_weight(self, word: str) -> float:
        """A title word's weight: rare words (names) count more than common ones."""
        return math.log(1 + len(self.norm) / max(1, len(self.by_word.get(word, ()))))

    def similarity(self, a: str, b: str, **_: object) -> float:
        """How alike two normalised titles are, 0-100: the lower of the string similarity
        and the share of word weight they have in common (a word matches an equal word, or
        a nearly equal one: "fee"/"fees"). Two titles of one template that differ in a name
        share most letters but not the name's weight, so they stay apart."""
        return self._similarity(_canonical(a), _canonical(b))

    def _similarity(self, a: str, b: str, cutoff: float = 0.0) -> float:
        """``similarity`` of two canonical titles; 0 when under ``cutoff`` as strings."""
        chars = float(
            max(
                fuzz.ratio(a, b, score_cutoff=cutoff),
                fuzz.token_sort_ratio(a, b, score_cutoff=cutoff),
            )
        )
        if chars < FUZZY_THRESHOLD:
            return chars
        left, right = a.split(), b.split()
        free = list(range(len(right)))
        shared = 0.0
        for word in left:
            for j in free:
                other = right[j]
                if word == other or (len(word) > 3 and fuzz.ratio(word, other) >= 85):
                    free.remove(j)
                    shared += min(self.word_weight(word), self.word_weight(other))
                    break
        total = sum(map(self.word_weight, left)) + sum(map(self.word_weight, right))
        return min(chars, 100 * 2 * shared / total) if total else chars

    def resolve(self, written: str, source: str, source_date: str | None = None) -> Resolution:
        """The article a reference points at (see the module docstring for the order)."""
        text = written.strip()
        if not text:
            return Resolution(None, "")
        found = self._by_id_or_path(text, source)
        if found:
            return found
        norm = normalise_title(text)
        if not norm:
            return Resolution(None, "")
        exact = self.by_norm.get(norm)
        if exact:
            return self._pick(exact, source, source_date, "title", 100.0)
        best: tuple[float, list[str]] = (0.0, [])
        query = _canonical(norm)
        for other, canon in self._near_candidates(query, norm):
            value = self._similarity(query, canon, FUZZY_THRESHOLD)
            if value > best[0]:
                best = (value, [other])
            elif value == best[0] and best[1]:
                best[1].append(other)
        if best[0] >= FUZZY_THRESHOLD:
            return self._pick(best[1], source, source_date, "fuzzy", round(best[0], 1))
        return Resolution(None, "", round(best[0], 1))

    def _by_id_or_path(self, text: str, source: str) -> Resolution | None:
        if text in self.norm and text != source:
            return Resolution(text, "id", 100.0)
        if text in self.by_path:
            return Resolution(self.by_path[text], "path", 100.0)
        if not _PATHLIKE.match(text) or "/" not in text and not text.endswith(_EXTENSIONS):
            return None
        target = text.split("#", 1)[0]
        for ext in _EXTENSIONS:
            if target.endswith(ext):
                target = target[: -len(ext)]
                break
        here = posixpath.dirname(source)
        for candidate in (posixpath.normpath(posixpath.join(here, target)), target.lstrip("/")):
            if candidate in self.norm:
                how = "self" if candidate == source else "path"
                return Resolution(candidate, how, 100.0)
        return None

    def _similar_candidates(self, norm: str) -> set[str]:
        """Articles whose title shares one of the three rarest words of ``norm``."""
        words = [w for w in set(norm.split()) if w in self.by_word]
        words.sort(key=lambda w: (len(self.by_word[w]), w))
        found: set[str] = set()
        for word in words[:3]:
            found |= self.by_word[word]
        return found

    def _near_candidates(self, query: str, norm: str) -> list[tuple[str, str]]:
        """The ``_similar_candidates`` (with their canonical titles) alike enough as strings
        to match the canonical ``query``: a title under ``FUZZY_THRESHOLD`` by both string
        ratios scores under it (``_similarity``), so it is left out here, by rapidfuzz's
        own loop (a reference has thousands of candidates at 100,000 articles)."""
        others = list(self._similar_candidates(norm))
        canons = [self.canon(other) for other in others]
        near: set[int] = set()
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            found = process.extract(
                query, canons, scorer=scorer, score_cutoff=FUZZY_THRESHOLD, limit=None
            )
            near.update(index for _choice, _score, index in found)
        return [(others[k], canons[k]) for k in sorted(near)]

    def _pick(
        self, ids: list[str], source: str, source_date: str | None, how: str, value: float
    ) -> Resolution:
        """Of several articles with the title, the one the citing article most likely meant:
        not itself; then the one dated nearest to it (the earlier on a tie); then the first id.
        """
        if ids == [source]:
            return Resolution(source, "self", value)
        pool = sorted(i for i in ids if i != source)
        if source_date and len(pool) > 1:
            pool.sort(key=lambda i: (_days_apart(self.dates.get(i), source_date), i))
        return Resolution(pool[0], how, value, tuple(pool[1:]))


def _days_apart(a: str | None, b: str) -> tuple[int, int]:
    """Sort key: undated last, then distance in days, earlier first on a tie."""
    if not a:
        return (1, 0)
    days = (date.fromisoformat(a) - date.fromisoformat(b)).days
    return (0, abs(days) * 2 + (days > 0))


def looks_like_path(text: str) -> bool:
    return bool(_PATHLIKE.match(text.strip())) and (
        "/" in text or text.strip().endswith(_EXTENSIONS)
    )
