"""Every article's related-story vectors packed in a file and flat arrays, for a full links
build."""

from __future__ import annotations

import math
import mmap
import os
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.links import related as rel

SCALE = 100_000  # weights are kept in units of 1e-5 (``weigh_terms`` rounds them to 5 places)


class Vectors:
    """Every article's key terms and entity vectors (a full build): 12 bytes a term (its code,
    and its weight rounded to ``1 / SCALE`` as ``weigh_terms`` rounds it), so a large corpus
    fits where its profiles would not. The words shown for the terms are not kept (a chunk's
    own come from the catalog).

    The key terms go to two unnamed temporary files (in ``folder``: codes, weights), read
    back through shared read-only mappings: the ranking workers read the pages they need,
    which the system keeps or drops as memory allows, and the process that writes them never
    holds them (``posted`` reads the files, not the mappings). ``close`` (or the process
    ending) deletes the files. Each article's words norm is kept beside (``Profile.term_norm``
    is asked of every candidate: summing it again was a tenth of the ranking).

    Key terms are added in any order (``add_terms``, by article number), entity vectors in
    number order (``add_entities``); article ``ids[k]`` is number ``k + 1``. An article's
    terms stay heaviest first."""

    def __init__(self, ids: list[str], folder: Path | None = None) -> None:
        self.ids = ids
        self.slot: array[int] = array("i", [-1]) * len(ids)  # number - 1 -> place, -1: none
        self.hashes: list[str] = []  # by place
        self.vocab: list[str] = []
        self.code: dict[str, int] = {}
        self.term_start: array[int] = array("q", [0])  # by place, in terms
        self.norm: array[float] = array("d")  # by place
        self.codes = _Column("i", folder)
        self.weights = _Column("d", folder)
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
        codes = self._codes([str(t[0]) for t in terms])
        weights = [round(t[1] * SCALE) / SCALE for t in terms]  # type: ignore[operator]
        self.norm.append(math.sqrt(sum(w * w for w in weights)))  # as ``Profile.term_norm``
        self.codes.add(codes)
        self.weights.add(weights)
        self.term_start.append(self.term_start[-1] + len(terms))

    def add_entities(self, entities: dict[str, float]) -> None:
        """The next article's entity vector (``Profile.entities``), in number order."""
        self.entity_key.extend(self._codes(entities))
        self.entity_weight.extend(entities.values())
        self.entity_start.append(len(self.entity_key))

    def posted(self, limit: int) -> Iterator[tuple[int, array[int], array[float]]]:
        """(article number, term codes, weights) of each article's ``limit`` heaviest terms;
        ``vocab[code]`` is the term."""
        start = self.term_start
        for number, k in enumerate(self.slot, 1):
            if k < 0:
                continue
            first, size = start[k], min(start[k + 1] - start[k], limit)
            yield number, self.codes.read(first, size), self.weights.read(first, size)

    def profile(self, number: int, terms: bool = True) -> rel.Profile | None:
        """Article ``number``'s profile, enough to be scored against (without the words to
        show: those are the catalog's), its terms heaviest first, as they were added;
        without its ``terms`` dict if not ``terms`` (when ``packed.Packed`` does the
        arithmetic on the words)."""
        k = self.slot[number - 1]
        if k < 0:
            return None
        profile = rel.Profile(self.ids[number - 1], self.hashes[k])
        if terms:
            first, last = self.term_start[k], self.term_start[k + 1]
            profile.terms = dict(
                zip(
                    map(self.vocab.__getitem__, self.codes.view()[first:last]),
                    self.weights.view()[first:last],
                    strict=True,
                )
            )
        profile.term_norm = self.norm[k]
        if number < len(self.entity_start):
            first, last = self.entity_start[number - 1], self.entity_start[number]
            profile.entities = dict(
                zip(
                    map(self.vocab.__getitem__, self.entity_key[first:last]),
                    self.entity_weight[first:last],
                    strict=True,
                )
            )
        return profile

    def close(self) -> None:
        self.codes.close()
        self.weights.close()


class _Column:
    """Numbers of one type (an ``array`` type code) appended to an unnamed temporary file,
    read back by place through a read-only mapping (made when first read, unmade when more
    are added)."""

    def __init__(self, typecode: str, folder: Path | None) -> None:
        self.typecode = typecode
        self.size = array(typecode).itemsize
        self.file = tempfile.TemporaryFile(dir=folder, prefix=".vectors-")  # noqa: SIM115
        self._map: mmap.mmap | None = None
        self._view: memoryview | None = None

    def add(self, values: list[int] | list[float]) -> None:
        self._unmap()
        self.file.write(array(self.typecode, values).tobytes())

    def read(self, first: int, count: int) -> array:
        """``count`` values from place ``first``, read from the file (not the mapping)."""
        self.file.flush()
        found = array(self.typecode)
        found.frombytes(os.pread(self.file.fileno(), count * self.size, first * self.size))
        return found

    def view(self) -> memoryview:
        if self._view is None:
            self.file.flush()
            if os.fstat(self.file.fileno()).st_size == 0:
                self._view = memoryview(b"").cast(self.typecode)  # type: ignore[call-overload]
            else:
                self._map = mmap.mmap(self.file.fileno(), 0, access=mmap.ACCESS_READ)
                self._view = memoryview(self._map).cast(self.typecode)  # type: ignore[call-overload]
        return self._view

    def _unmap(self) -> None:
        try:
            if self._view is not None:
                self._view.release()
            if self._map is not None:
                self._map.close()
        except BufferError:  # a view of it is still held (a ``Packed`` an error kept alive)
            pass  # the mapping goes with the last view
        self._view = self._map = None

    def close(self) -> None:
        self._unmap()
        self.file.close()
