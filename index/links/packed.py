"""The arithmetic of a full build's ranking over the packed vectors, in numpy.

Scoring an article against its ~60 candidates is a dot product of its key terms with each
candidate's: through Python dicts, a set intersection and a sum over a few hundred terms a
pair, most of a build's ranking time. Here the article's weights are spread over the whole
vocabulary once (``load``), and every candidate's terms are read from the packed columns
and multiplied at once (``words``): the same sums, in another order (so equal to the last
few bits). The re-ranking echo (``echo``) and the words shown as a reason (``shown``) are
done the same way. A candidate then needs no dict of its terms at all (``Vectors.profile``
with ``terms=False``).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import islice
from operator import neg

import numpy as np

from index.links import candidates as cand
from index.links import related as rel
from index.links.related import Profile
from index.links.vectors import Vectors


class Packed:
    """Numpy views of ``vectors``' columns, and three vectors the size of its vocabulary
    (the loaded article's terms, its terms that are ambiguous names, an echo centroid;
    zero pages until written, each forked worker writing its own).

    The views hold the vectors' mapping: drop this object before ``Vectors.close``."""

    def __init__(self, vectors: Vectors, numbers: dict[str, int]) -> None:
        self.numbers = numbers  # article id -> number (``vectors.ids``)
        self.code = vectors.code
        self.vocab = vectors.vocab
        self.slot = np.frombuffer(vectors.slot, dtype=np.int32)
        self.start = np.frombuffer(vectors.term_start, dtype=np.int64)
        self.codes = np.frombuffer(vectors.codes.view(), dtype=np.int32)
        self.weights = np.frombuffer(vectors.weights.view(), dtype=np.float64)
        size = len(vectors.vocab)
        self.mine = np.zeros(size)  # the loaded article's weights, by term code
        self.names = np.zeros(size)  # the same, its ambiguous-name terms only
        self.centroid = np.zeros(size)
        self._loaded = np.zeros(0, dtype=np.int32)

    def _terms(self, number: int) -> tuple[np.ndarray, np.ndarray]:
        k = self.slot[number - 1]
        first, last = self.start[k], self.start[k + 1]
        return self.codes[first:last], self.weights[first:last]

    def load(self, number: int, name_terms: Iterable[str]) -> None:
        """Make article ``number`` (with these of its terms ambiguous names) the one that
        ``words`` and ``shown`` compare with."""
        self.mine[self._loaded] = 0.0
        self.names[self._loaded] = 0.0
        codes, weights = self._terms(number)
        self.mine[codes] = weights
        named = np.fromiter((self.code[t] for t in name_terms), dtype=np.int32)
        self.names[named] = self.mine[named]
        self._loaded = codes

    def _gather(self, numbers: list[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every term of the articles ``numbers``: codes, weights, and the index of the
        article (in ``numbers``) each belongs to."""
        places = self.slot[np.asarray(numbers, dtype=np.int64) - 1]
        firsts = self.start[places]
        sizes = self.start[places + 1] - firsts
        where = _positions(firsts, sizes)
        return self.codes[where], self.weights[where], np.repeat(np.arange(len(numbers)), sizes)

    def words(self, numbers: list[int]) -> list[tuple[float, float]]:
        """For each article of ``numbers``: (dot product of its key terms with the loaded
        article's, the part of it from the loaded article's ambiguous-name terms)."""
        if not numbers:
            return []
        codes, weights, owner = self._gather(numbers)
        size = len(numbers)
        words = np.bincount(owner, self.mine[codes] * weights, minlength=size)
        names = np.bincount(owner, self.names[codes] * weights, minlength=size)
        return list(zip(words.tolist(), names.tolist(), strict=True))

    def echo(self, top: list[tuple[float, int]], numbers: list[int]) -> list[float]:
        """The dot product of each article of ``numbers`` with the sum of the ``top``
        articles' key terms, each times its weight (``candidates._echo``)."""
        touched = []
        for weight, number in top:
            codes, weights = self._terms(number)
            self.centroid[codes] += weight * weights  # an article's codes are distinct
            touched.append(codes)
        codes, weights, owner = self._gather(numbers)
        found = np.bincount(owner, self.centroid[codes] * weights, minlength=len(numbers))
        for codes in touched:
            self.centroid[codes] = 0.0
        return found.tolist()

    def shown(self, numbers: list[int], words: list[float]) -> list[list[str]]:
        """For each article of ``numbers``: the ``SHOWN_ITEMS`` terms adding most to the
        loaded article's dot product with it (ties by term), heaviest first, as
        ``related._shown`` finds them for a words cosine of ``words[k]``. All at once (one
        gather, as ``words``): one article at a time, numpy's call overhead was a fifth of
        the ranking."""
        if not numbers:
            return []
        count = rel.SHOWN_ITEMS
        size = len(numbers)
        codes, weights, owner = self._gather(numbers)
        products = self.mine[codes] * weights
        named = self.names[codes] > 0.0
        if named.any():
            sums = np.bincount(owner, products, minlength=size)
            with_names = np.bincount(owner, named, minlength=size) > 0
            unbacked = with_names & (sums > np.asarray(words) + 1e-6)
            products[named & unbacked[owner]] = 0.0  # left out of the score: not shown
        shared = np.flatnonzero(products)
        shared = shared[np.lexsort((-products[shared], owner[shared]))]  # by article, heaviest
        bounds = np.searchsorted(owner[shared], np.arange(size + 1)).tolist()
        heaviest = products[shared].tolist()
        terms = codes[shared].tolist()
        vocab = self.vocab
        found = []
        for k in range(size):
            first, last = bounds[k], bounds[k + 1]
            end = min(first + count, last)
            while end < last and heaviest[end] == heaviest[end - 1]:
                end += 1  # tied with the last of the count heaviest
            best = sorted((-heaviest[i], vocab[terms[i]]) for i in range(first, end))
            found.append([term for _, term in best[:count]])
        return found


def _positions(firsts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The places ``firsts[k]``, ``firsts[k] + 1``, ... ``sizes[k]`` of each, one after
    the other."""
    within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.repeat(firsts, sizes) + within


class CompactPostings(cand.Postings):
    """For a full build: each key term's TERM_POSTINGS heaviest articles and each rare
    entity's articles, as article numbers in flat arrays (a few bytes a posting, whatever
    the corpus size), never Python objects per posting.

    ``ids[n - 1]`` is the id of article number ``n``; ``posted()`` gives (number, term
    codes, weights) for each article's POSTED_TERMS heaviest terms (``Vectors.posted``), the
    same each time it is asked, and ``vocab[code]`` is a term; ``rare`` maps a raw entity
    key to the numbers of the articles naming it. It answers ``candidates`` only (its own,
    the one caller of ``terms`` and ``entities``).
    """

    def __init__(
        self,
        ids: list[str],
        vocab: list[str],
        posted: Callable[[], Iterable[tuple[int, array[int], array[float]]]],
        rare: dict[str, array[int]],
    ) -> None:
        super().__init__(lambda _terms, _limit: (), lambda _: ())
        self._ids = ids
        self._rare = rare
        # Two passes, as a counting sort: how many postings each term has, then each posting
        # in its term's place (12 bytes a posting; a heap per term held them as tuples of
        # ~110 bytes: hundreds of MB at 100,000 articles). Then each term's heaviest.
        counts: Counter[int] = Counter()
        for _number, codes, _weights in posted():
            counts.update(codes)
        place: dict[int, int] = {}
        end = 0
        for code, count in counts.items():
            place[code], end = end, end + count
        del counts
        firsts = dict(place)
        every_number = array("i", [0]) * end
        every_weight = array("d", [0.0]) * end
        for number, codes, weights in posted():
            for code, weight in zip(codes, weights, strict=True):
                k = place[code]
                every_number[k], every_weight[k] = number, weight
                place[code] = k + 1
        self._numbers: array[int] = array("i")
        self._weights: array[float] = array("d")
        self._span: dict[str, tuple[int, int]] = {}
        for code, first in firsts.items():
            last = place[code]
            # As ``Catalog.link_term_postings`` orders them: heaviest first, then by number.
            weights, numbers = every_weight[first:last], every_number[first:last]
            best = sorted(zip(map(neg, weights), numbers, strict=True))[: cand.TERM_POSTINGS]
            self._span[vocab[code]] = (len(self._numbers), len(self._numbers) + len(best))
            self._numbers.extend([n for _, n in best])
            self._weights.extend([-w for w, _ in best])
        self._np_numbers = np.frombuffer(self._numbers, dtype=np.int32)
        self._np_weights = np.frombuffer(self._weights, dtype=np.float64)

    def candidates(self, a: Profile, entity_df: dict[str, int]) -> list[str]:
        """As ``Postings.candidates``, in numpy: every posting's part of the rough score in
        one array, in the order ``Postings.candidates`` adds them, summed by article in that
        order (``np.bincount``), ties kept in order of first appearance (as
        ``heapq.nlargest`` keeps them): the same candidates, to the bit."""
        firsts, sizes, scales = [], [], []
        # Its CANDIDATE_TERMS heaviest terms (``candidates._heaviest``) are its first: an
        # article's terms are kept heaviest first (``Vectors.profile``, as ``posted`` has them).
        for term, weight in islice(a.terms.items(), cand.CANDIDATE_TERMS):
            found = self._span.get(term)
            if found is not None:
                firsts.append(found[0])
                sizes.append(found[1] - found[0])
                scales.append(weight * rel.W_WORDS)
        where = _positions(np.array(firsts, dtype=np.int64), np.array(sizes, dtype=np.int64))
        every = [self._np_numbers[where]]
        shares = [np.repeat(scales, sizes) * self._np_weights[where]]
        scale = cand._entity_scale(a)
        for key in cand._rare_keys(a, entity_df):
            if key in self._rare:
                every.append(np.frombuffer(self._rare[key], dtype=np.int32))
                shares.append(np.full(len(every[-1]), scale * a.entities.get(a.fold[key], 0.0)))
        if not sum(map(len, every)):
            return []
        unique, first_seen, owner = np.unique(
            np.concatenate(every), return_index=True, return_inverse=True
        )
        rough = np.bincount(owner, np.concatenate(shares), minlength=len(unique))
        best = np.lexsort((first_seen, -rough))[: cand.POOL + 1]
        ids = self._ids
        found_ids = [ids[n - 1] for n in unique[best].tolist()]
        return [i for i in found_ids if i != a.id][: cand.POOL]
