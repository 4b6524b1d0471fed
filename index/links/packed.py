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

from collections.abc import Iterable

import numpy as np

from index.links import related as rel
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
        owner = np.repeat(np.arange(len(numbers)), sizes)
        within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        where = np.repeat(firsts, sizes) + within
        return self.codes[where], self.weights[where], owner

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

    def shown(self, number: int, words: float) -> list[str]:
        """The ``SHOWN_ITEMS`` terms adding most to the loaded article's dot product with
        article ``number`` (ties by term), heaviest first, as ``related._shown`` finds them
        for a words cosine of ``words``."""
        count = rel.SHOWN_ITEMS
        codes, weights = self._terms(number)
        products = self.mine[codes] * weights
        named = self.names[codes] > 0.0
        if named.any() and float(products.sum()) > words + 1e-6:
            products[named] = 0.0  # an unbacked name left out of the score: not shown either
        shared = np.flatnonzero(products)
        if len(shared) > count:  # the count heaviest, and any tied with the last of them
            cut = np.partition(products[shared], len(shared) - count)[len(shared) - count]
            shared = shared[products[shared] >= cut]
        vocab = self.vocab
        best = sorted((-float(products[i]), vocab[codes[i]]) for i in shared.tolist())
        return [term for _, term in best[:count]]
