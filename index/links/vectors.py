"""Every article's related-story vectors packed in flat arrays, for a full links build."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from index.links import related as rel

SCALE = 100_000  # weights are kept in units of 1e-5 (``weigh_terms`` rounds them to 5 places)


class Vectors:
    """Every article's key terms and entity vectors in flat arrays (a full build): 8 bytes
    a term (its code and its weight in units of ``1 / SCALE``, which give back exactly the
    rounded weight), so a large corpus fits where its profiles would not. The words shown
    for the terms are not kept (a chunk's own come from the catalog).

    Key terms are added in any order (``add_terms``, by article number), entity vectors in
    number order (``add_entities``); article ``ids[k]`` is number ``k + 1``. An article's
    terms stay heaviest first."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.slot: array[int] = array("i", [-1]) * len(ids)  # number - 1 -> place, -1: none
        self.hashes: list[str] = []  # by place
        self.vocab: list[str] = []
        self.code: dict[str, int] = {}
        self.term_start: array[int] = array("l", [0])
        self.term_key: array[int] = array("i")
        self.term_weight: array[int] = array("i")
        self.entity_start: array[int] = array("l", [0])
        self.entity_key: array[int] = array("i")
        self.entity_weight: array[float] = array("d")

    def _codes(self, keys: Iterable[str]) -> list[int]:
        code, vocab = self.code, self.vocab
        found = []
        for key in keys:
            number = code.get(key)
            if number is None:
                number = code[key] = len(vocab)
                vocab.append(key)
            found.append(number)
        return found

    def add_terms(self, number: int, text_hash: str, terms: list[list[object]]) -> None:
        """Article ``number``'s key terms, [term, weight, surface word] each (``key_terms``);
        an article never added has no profile."""
        self.slot[number - 1] = len(self.hashes)
        self.hashes.append(text_hash)
        self.term_key.extend(self._codes([str(t[0]) for t in terms]))
        self.term_weight.extend([round(t[1] * SCALE) for t in terms])  # type: ignore[operator]
        self.term_start.append(len(self.term_key))

    def add_entities(self, entities: dict[str, float]) -> None:
        """The next article's entity vector (``Profile.entities``), in number order."""
        self.entity_key.extend(self._codes(entities))
        self.entity_weight.extend(entities.values())
        self.entity_start.append(len(self.entity_key))

    def posted(self, limit: int) -> Iterable[tuple[str, int, float]]:
        """(term, article number, weight) for each article's ``limit`` heaviest terms."""
        vocab, key, weight, start = self.vocab, self.term_key, self.term_weight, self.term_start
        for number, k in enumerate(self.slot, 1):
            if k < 0:
                continue
            first = start[k]
            for j in range(first, min(start[k + 1], first + limit)):
                yield vocab[key[j]], number, weight[j] / SCALE

    def profile(self, number: int) -> rel.Profile | None:
        """Article ``number``'s profile, enough to be scored against (without the words to
        show: those are the catalog's)."""
        k = self.slot[number - 1]
        if k < 0:
            return None
        vocab = self.vocab
        first, last = self.term_start[k], self.term_start[k + 1]
        names = [vocab[c] for c in self.term_key[first:last]]
        weights = [w / SCALE for w in self.term_weight[first:last]]
        profile = rel.Profile(
            self.ids[number - 1], self.hashes[k], terms=dict(zip(names, weights, strict=True))
        )
        if number < len(self.entity_start):
            first, last = self.entity_start[number - 1], self.entity_start[number]
            profile.entities = dict(
                zip(
                    [vocab[c] for c in self.entity_key[first:last]],
                    self.entity_weight[first:last],
                    strict=True,
                )
            )
        return profile
