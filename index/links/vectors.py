"""Every article's related-story vectors packed in flat arrays, for a full links build."""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from index.links import related as rel


class Vectors:
    """Every article's key terms (weight and the word shown for each) and entity vectors in
    flat arrays (a full build): about 16 bytes a term, so the whole corpus fits where its
    profiles would not. Terms are added in one pass and entities in another, each in
    ``ids`` order; an article's terms stay heaviest first."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.hashes: list[str | None] = []  # None: no profile
        self.vocab: list[str] = []
        self.code: dict[str, int] = {}
        self.term_start: array[int] = array("l", [0])
        self.term_key: array[int] = array("i")
        self.term_weight: array[float] = array("d")
        self.term_surface: array[int] = array("i")
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

    def add_terms(self, text_hash: str | None, terms: list[list[object]]) -> None:
        """The next article's key terms, [term, weight, surface word] each (``key_terms``);
        ``text_hash`` None for an article without a profile."""
        self.hashes.append(text_hash)
        if text_hash is not None:
            self.term_key.extend(self._codes([str(t[0]) for t in terms]))
            self.term_weight.extend([float(t[1]) for t in terms])  # type: ignore[arg-type]
            self.term_surface.extend(self._codes([str(t[2]) for t in terms]))
        self.term_start.append(len(self.term_key))

    def add_entities(self, entities: dict[str, float]) -> None:
        """The next article's entity vector (``Profile.entities``)."""
        self.entity_key.extend(self._codes(entities))
        self.entity_weight.extend(entities.values())
        self.entity_start.append(len(self.entity_key))

    def posted(self, limit: int) -> Iterable[tuple[str, int, float]]:
        """(term, article number, weight) for each article's ``limit`` heaviest terms."""
        vocab, key, weight, start = self.vocab, self.term_key, self.term_weight, self.term_start
        for k in range(len(self.hashes)):
            first = start[k]
            for j in range(first, min(start[k + 1], first + limit)):
                yield vocab[key[j]], k + 1, weight[j]

    def profile(self, number: int, surface: bool = False) -> rel.Profile | None:
        """Article ``number``'s profile, enough to be scored against; with ``surface``, the
        words to show for its terms too (entity names come from the catalog)."""
        k = number - 1
        text_hash = self.hashes[k]
        if text_hash is None:
            return None
        vocab = self.vocab
        first, last = self.term_start[k], self.term_start[k + 1]
        names = [vocab[c] for c in self.term_key[first:last]]
        terms = dict(zip(names, self.term_weight[first:last], strict=True))
        profile = rel.Profile(self.ids[k], text_hash, terms=terms)
        if surface:
            words = [vocab[c] for c in self.term_surface[first:last]]
            profile.surface = dict(zip(names, words, strict=True))
        if k + 1 < len(self.entity_start):
            first, last = self.entity_start[k], self.entity_start[k + 1]
            profile.entities = dict(
                zip(
                    [vocab[c] for c in self.entity_key[first:last]],
                    self.entity_weight[first:last],
                    strict=True,
                )
            )
        return profile
