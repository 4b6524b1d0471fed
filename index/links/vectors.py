"""Every article's related-story vectors packed in a file and flat arrays, for a full links
build."""

from __future__ import annotations

import mmap
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.links import related as rel

SCALE = 100_000  # weights are kept in units of 1e-5 (``weigh_terms`` rounds them to 5 places)


class Vectors:
    """Every article's key terms and entity vectors (a full build): 8 bytes a term (its code
    and its weight in units of ``1 / SCALE``, which give back exactly the rounded weight),
    so a large corpus fits where its profiles would not. The words shown for the terms are
    not kept (a chunk's own come from the catalog).

    The key terms go to an unnamed temporary file (in ``folder``), read back through a
    shared read-only mapping: the ranking workers read the pages they need, which the
    system keeps or drops as memory allows, and the process that writes them never holds
    them (``posted`` reads the file, not the mapping). ``close`` (or the process ending)
    deletes the file.

    Key terms are added in any order (``add_terms``, by article number), entity vectors in
    number order (``add_entities``); article ``ids[k]`` is number ``k + 1``. An article's
    terms stay heaviest first; in the file, its codes then its weights."""

    def __init__(self, ids: list[str], folder: Path | None = None) -> None:
        self.ids = ids
        self.slot: array[int] = array("i", [-1]) * len(ids)  # number - 1 -> place, -1: none
        self.number: array[int] = array("i")  # place -> number
        self.hashes: list[str] = []  # by place
        self.vocab: list[str] = []
        self.code: dict[str, int] = {}
        self.term_start: array[int] = array("q", [0])  # by place, in terms
        self.file = tempfile.TemporaryFile(dir=folder, prefix=".vectors-")  # noqa: SIM115
        self._map: mmap.mmap | None = None
        self._view: memoryview | None = None
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
        self._unmap()
        self.slot[number - 1] = len(self.hashes)
        self.number.append(number)
        self.hashes.append(text_hash)
        packed = array("i", self._codes([str(t[0]) for t in terms]))
        packed.extend([round(t[1] * SCALE) for t in terms])  # type: ignore[operator]
        self.file.write(packed.tobytes())
        self.term_start.append(self.term_start[-1] + len(terms))

    def add_entities(self, entities: dict[str, float]) -> None:
        """The next article's entity vector (``Profile.entities``), in number order."""
        self.entity_key.extend(self._codes(entities))
        self.entity_weight.extend(entities.values())
        self.entity_start.append(len(self.entity_key))

    def posted(self, limit: int) -> Iterator[tuple[str, int, float]]:
        """(term, article number, weight) for each article's ``limit`` heaviest terms."""
        vocab, start = self.vocab, self.term_start
        self.file.flush()
        for k, number in enumerate(self.number):
            size = start[k + 1] - start[k]
            packed = array("i")
            packed.frombytes(os.pread(self.file.fileno(), 8 * size, 8 * start[k]))
            for j in range(min(size, limit)):
                yield vocab[packed[j]], number, packed[size + j] / SCALE

    def profile(self, number: int) -> rel.Profile | None:
        """Article ``number``'s profile, enough to be scored against (without the words to
        show: those are the catalog's)."""
        k = self.slot[number - 1]
        if k < 0:
            return None
        view = self._mapped()
        vocab = self.vocab
        first, last = self.term_start[k], self.term_start[k + 1]
        size = last - first
        names = [vocab[c] for c in view[2 * first : 2 * first + size]]
        weights = [w / SCALE for w in view[2 * first + size : 2 * last]]
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

    def _mapped(self) -> memoryview:
        if self._view is None:
            self.file.flush()
            if os.fstat(self.file.fileno()).st_size == 0:
                self._view = memoryview(b"").cast("i")
            else:
                self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
                self._view = memoryview(self._map).cast("i")
        return self._view

    def _unmap(self) -> None:
        if self._view is not None:
            self._view.release()
            self._view = None
        if self._map is not None:
            self._map.close()
            self._map = None

    def close(self) -> None:
        self._unmap()
        self.file.close()
