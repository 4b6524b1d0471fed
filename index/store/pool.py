"""Whoosh's posting pool, with its sorted runs written and read a block at a time.

A writer keeps postings in memory up to ``limitmb``, then sorts them and writes them to a
temporary "run"; the commit merges the runs. Whoosh writes and reads a run one posting at
a time (a pickle each, from an unbuffered file): for a 3,000-article build that was
928,000 calls and a fifth of the parent's time, and again in the commit. Here a run is a
sequence of length-prefixed ``marshal`` blocks of ``BLOCK`` postings; the merge holds one
block per run.

The commit also asks, for every posting, its document's field length, which Whoosh reads
back from the new segment's length column (a seek and a read each: a tenth of a build's
commit); the writer here remembers the length bytes of the documents it added instead.

And the commit writes a term found in fewer than ``INLINE`` documents into the terms file
with its postings (``codec``), not as a block of its own in the postings file.
"""

from __future__ import annotations

import marshal
from collections.abc import Iterable, Iterator
from itertools import repeat
from typing import IO, Any

from whoosh.codec.base import PerDocumentReader
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.index import Index
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import PostingPool, SegmentWriter

from index.store.schema import Analyzed

BLOCK = 2000  # postings a block holds (about 300 kB)
# Whoosh's estimate of its posting pool; the real Python objects take about three times as
# much. 128 (the default) let a 10k build reach 600 MB. Each time the pool fills, the
# parent sorts it and writes it out as a run (~0.25 s), and the commit merges the runs a
# posting at a time: 2,263 real posts (~55 MB) spilled once at 32 and not at 64, and the
# build took 0.4 s less (6 alternating builds, 7.37 -> 6.99 s).
WRITER_MB = 64
INLINE = 8  # a term in fewer documents than this keeps its postings in its terms-file entry


def codec() -> W3Codec:
    """Whoosh's codec, with the postings of rare terms inlined (``INLINE``).

    Most terms of news text are rare: at 2,263 real posts, 57,000 terms for 297,000 postings.
    Whoosh writes each term's postings as a block of its own (a pickle, a zlib stream and a
    block header for five postings), which was most of the commit's time; inlined, the
    commit took 5.5-6.0 CPU-seconds instead of 7.6-8.6 and the index came out 8% smaller,
    with every result, score and snippet of 454 queries the same. Whoosh reads inlined
    postings (``W3Codec.postings_reader``) but its default (1: never inline) has left the
    writing side broken: it calls ``set_inline``, which ``W3TermInfo`` names ``set_inlined``.
    """
    if not hasattr(W3TermInfo, "set_inline"):
        W3TermInfo.set_inline = W3TermInfo.set_inlined
    return W3Codec(inlinelimit=INLINE)


def writer(index: Index, limitmb: int = WRITER_MB) -> SegmentWriter:
    """A writer of ``index`` with this module's codec and pool. Every writer of a storyline
    index must be one: a merge reads an inlined term with no values (the ``id`` field's)
    as "", which Whoosh's own writer refuses (``_BlockWriter.add_postings_to_pool``)."""
    found = index.writer(timeout=60.0, limitmb=limitmb, codec=codec())
    use_block_pool(found, limitmb)
    return found


class BlockPool(PostingPool):
    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """``PostingPool.add`` (the same size estimate) without its per-posting asserts."""
        self.fieldnames.add(item[0])
        self.currentsize += 150 + len(item[0]) + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()
        self.current.append(item)

    def _write_run(self, f: IO[bytes], items: Iterable[Any]) -> None:
        try:
            block: list[Any] = []
            for item in items:
                block.append(item)
                if len(block) >= BLOCK:
                    write_block(f, block)
                    block = []
            if block:
                write_block(f, block)
        finally:
            f.close()

    def _read_run(self, path: str) -> Iterator[Any]:
        f = self._open_run(path)
        try:
            for block in read_blocks(f):
                yield from block
        finally:
            f.close()
            self._remove_run(path)


def write_block(f: IO[bytes], block: list[Any]) -> None:
    """Append ``block`` (marshal-able items) as one length-prefixed string."""
    data = marshal.dumps(block)
    f.write(len(data).to_bytes(8, "little") + data)


def read_blocks(f: IO[bytes]) -> Iterator[list[Any]]:
    """The blocks ``write_block`` wrote, from where ``f`` stands to its end."""
    while head := f.read(8):
        yield marshal.loads(_read_exactly(f, int.from_bytes(head, "little")))


def _read_exactly(f: IO[bytes], size: int) -> bytes:
    """``size`` bytes (a raw file may return fewer than asked at once)."""
    data = f.read(size)
    while len(data) < size:
        more = f.read(size - len(data))
        if not more:
            raise EOFError("a posting run ends inside a block")
        data += more
    return data


def use_block_pool(writer: SegmentWriter, limitmb: int) -> None:
    """Give a new writer (nothing added yet) a ``BlockPool`` instead of Whoosh's, and
    ``add_document`` (its ``update_document`` calls it)."""
    assert not writer.pool.current and not writer.pool.runs
    writer.pool = BlockPool(writer._tempstorage, writer.newsegment, limitmb=limitmb)
    writer.own = bytearray()  # 1 at the document numbers this writer's add_document used
    writer.length_bytes = {}  # field -> its length byte (as Whoosh stores it) by docnum
    # A subclass, not a bound method set on the writer: that would make a reference cycle,
    # and a writer left by a failed update would hold the index's write lock until the
    # garbage collector found it (the next update waited for it, then failed).
    writer.__class__ = _BlockWriter


def add_document(writer: SegmentWriter, **fields: Any) -> None:
    """``SegmentWriter.add_document`` for this project's schema (no spelling fields, no
    term vectors), filing a field's postings in one ``extend`` when they were worked out in
    a worker (``Analyzed``) instead of one Python call each: ~340 postings an article, ~1
    microsecond each the other way (an eighth of a build's parent)."""
    writer._check_state()
    perdocwriter = writer.perdocwriter
    schema = writer.schema
    pool = writer.pool
    docnum = writer.docnum
    docboost = writer._doc_boost(fields)
    fieldnames = sorted(name for name in fields if not name.startswith("_"))
    writer._check_fields(schema, fieldnames)
    perdocwriter.start_doc(docnum)
    try:
        for name in fieldnames:
            value = fields.get(name)
            if value is None:
                continue
            field = schema[name]
            assert not field.separate_spelling() and not field.vector  # not in our schema
            length = 0
            if field.indexed:
                boost = writer._field_boost(fields, name, docboost)
                if isinstance(value, Analyzed):
                    filed = _file_analyzed(pool, name, docnum, boost, value) if value.terms else 0
                    length = filed if field.scorable else 0
                else:
                    for term, freq, weight, vbytes in field.index(value):
                        if field.scorable:
                            length += freq
                        pool.add((name, term, docnum, weight * boost, vbytes))
            stored = fields.get(f"_stored_{name}", value)
            perdocwriter.add_field(name, field, stored if field.stored else None, length)
            if length:
                column = writer.length_bytes.setdefault(name, bytearray())
                _put(column, docnum, length_to_byte(length))
            if field.column_type and stored is not None:
                column = field.to_column_value(stored)
                perdocwriter.add_column_value(name, field.column_type, column)
    except Exception:
        perdocwriter.cancel_doc()
        raise
    perdocwriter.finish_doc()
    _put(writer.own, docnum, 1)
    if pool.currentsize > pool.limit:
        pool.save()
    writer._added = True
    writer.docnum += 1


def _file_analyzed(pool: BlockPool, name: str, docnum: int, boost: float, value: Analyzed) -> int:
    """File a field's postings worked out in a worker; return the field's length (the sum
    of the frequencies). By column rather than one tuple at a time: a third of the parent's
    work on these postings went to unpacking them four times. The size added is the sum of
    ``PostingPool.add``'s estimates (``tests/test_pool.py`` holds them equal)."""
    terms, freqs, weights, values = value
    if boost != 1:
        weights = tuple(w * boost for w in weights)
    pool.fieldnames.add(name)
    pool.current.extend(zip(repeat(name), terms, repeat(docnum), weights, values))
    pool.currentsize += (150 + len(name)) * len(terms) + 2 * sum(map(len, terms))
    pool.currentsize += sum(len(v) for v in values if v)
    return sum(freqs)


def flush_files(writer: SegmentWriter) -> None:
    """Write out what the writer's open files (the new segment's terms, postings and
    columns) hold in their buffers. Call it before forking a child to commit: otherwise the
    parent's copy of a buffer (the terms file's 13-byte header, at least) is written again
    when the parent lets go of its writer, into the files the child is writing, at whatever
    place their shared offset has reached. A 2,263-article build whose child wrote a little
    faster than before got that header in the middle of its terms file: an unreadable index.
    """
    seen: set[int] = set()

    def visit(item: object, depth: int) -> None:
        if id(item) in seen or depth > 4:
            return
        seen.add(id(item))
        if isinstance(item, StructFile):
            item.flush()
        elif isinstance(item, (list, tuple)):
            for value in item:
                visit(value, depth + 1)
        elif isinstance(item, dict):
            for value in item.values():
                visit(value, depth + 1)
        elif type(item).__module__.startswith("whoosh.") and hasattr(item, "__dict__"):
            for value in vars(item).values():
                visit(value, depth + 1)

    visit(writer.fieldwriter, 0)
    visit(writer.perdocwriter, 0)


def _put(column: bytearray, docnum: int, byte: int) -> None:
    """Set ``column[docnum]``, growing the column."""
    if len(column) <= docnum:
        column.extend(bytes(docnum + 1 - len(column)))
    column[docnum] = byte


class _BlockWriter(SegmentWriter):
    """A ``SegmentWriter`` filing analysed postings a field at a time (``add_document``),
    and giving its commit the field lengths it remembers (``_Lengths``)."""

    add_document = add_document
    own: bytearray
    length_bytes: dict[str, bytearray]

    def update_document(self, **fields: Any) -> None:
        """``SegmentWriter.update_document``, which replaces committed documents only (one
        this writer added stays): with none committed (a build), an add, without opening a
        searcher and looking up the id for every document."""
        if self.segments:
            super().update_document(**fields)
        else:
            self.add_document(**fields)

    def add_postings_to_pool(self, reader: Any, startdoc: int, docmap: Any) -> None:
        """``SegmentWriter.add_postings_to_pool`` (a merge), with the "" that Whoosh's
        matcher of inlined postings gives for "no value" (a block's gives None) made None,
        which the postings writer turns into the empty bytes it asks for."""
        add = self.pool.add
        for field, text, docnum, weight, value in self._process_posts(
            reader.iter_postings(), startdoc, docmap
        ):
            add((field, text, docnum, weight, None if value == "" else value))

    def _flush_segment(self) -> None:
        """``SegmentWriter._flush_segment``, with the remembered field lengths."""
        self.perdocwriter.close()
        lengths = _Lengths(self, self.per_document_reader()) if self.codec.length_stats else None
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths is not None:
            lengths.reader.close()


class _Lengths:
    """What ``FieldWriter.add_postings`` asks of a per-document reader: the field lengths,
    from the writer's memory for the documents it added, from the segment for others (a
    merged segment's)."""

    def __init__(self, writer: _BlockWriter, reader: PerDocumentReader) -> None:
        self.own = writer.own
        self.length_bytes = writer.length_bytes
        self.reader = reader

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        own = self.own
        if docnum >= len(own) or not own[docnum]:
            return self.reader.doc_field_length(docnum, fieldname, default)
        column = self.length_bytes.get(fieldname)
        byte = column[docnum] if column is not None and docnum < len(column) else 0
        return byte_to_length(byte) if byte else None  # as the reader (None: no length)
