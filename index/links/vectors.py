"""Every article's related-story vectors packed in flat arrays, for a full links build."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from index.links import related as rel


class Vectors:
    """Every article's key-term and entity vectors in flat arrays (a full build): about
    a dozen bytes a term, so the whole corpus fits where its profiles would not."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.hashes: list[str | None] = []  # None: no profile
        self.vocab: list[str] = []
        self.code: dict[str, int] = {}
        self.term_start: array[int] = array("l", [0])
        self.term_key: array[int] = array("i")
        self.term_weight: array[float] = array("d")
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

    def add(self, profile: rel.Profile | None) -> None:
        """The next article's vectors (in ``ids`` order)."""
        if profile is not None:
            self.hashes.append(profile.text_hash)
            self.term_key.extend(self._codes(profile.terms))
            self.term_weight.extend(profile.terms.values())
            self.entity_key.extend(self._codes(profile.entities))
            self.entity_weight.extend(profile.entities.values())
        else:
            self.hashes.append(None)
        self.term_start.append(len(self.term_key))
        self.entity_start.append(len(self.entity_key))

    def profile(self, number: int) -> rel.Profile | None:
        """Article ``number``'s profile, enough to be scored against (not to give reasons)."""
        k = number - 1
        text_hash = self.hashes[k]
        if text_hash is None:
            return None
        vocab = self.vocab
        first, last = self.term_start[k], self.term_start[k + 1]
        terms = dict(
            zip(
                [vocab[c] for c in self.term_key[first:last]],
                self.term_weight[first:last],
                strict=True,
            )
        )
        first, last = self.entity_start[k], self.entity_start[k + 1]
        entities = dict(
            zip(
                [vocab[c] for c in self.entity_key[first:last]],
                self.entity_weight[first:last],
                strict=True,
            )
        )
        return rel.Profile(self.ids[k], text_hash, terms=terms, entities=entities)
