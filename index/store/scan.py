"""What an update would have to do: the corpus folder compared with the catalog's manifest."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from index.corpus.files import SourceFile, list_files
from index.corpus.options import JsonFields
from index.model import Problem
from index.store.catalog import Catalog, ManifestEntry


@dataclass(frozen=True)
class Scan:
    """What differs between the corpus folder and the index."""

    manifest: dict[str, ManifestEntry]
    changed: list[SourceFile]  # new or touched files (the hash decides if really changed)
    removed: list[str]  # ids whose files are gone
    unchanged: int
    skipped: tuple[Problem, ...]  # files that could not even be looked at


def scan(catalog: Catalog, roots: Sequence[Path], json_fields: JsonFields) -> Scan:
    """Compare the corpus with the manifest: what an update would have to do."""
    files, skipped = list_files(roots)
    manifest = catalog.manifest()
    changed: list[SourceFile] = []
    unchanged = 0
    by_path: dict[str, list[ManifestEntry]] = {}  # a file of many articles has many
    for found in files:
        own = manifest.get(found.id)
        if own is None and not by_path:
            for entry in manifest.values():
                by_path.setdefault(entry.path, []).append(entry)
        entries = [own] if own else by_path.get(found.path, [])
        try:
            stat = os.stat(found.path)
        except OSError as error:
            skipped.append(Problem(found.path, f"cannot read: {error.strerror}"))
            continue
        if entries and all(e.size == stat.st_size and e.mtime == stat.st_mtime for e in entries):
            unchanged += len(entries)  # articles, as the other counts are
        else:
            changed.append(found.source(json_fields))
    present = {found.id for found in files}
    removed = [i for i, e in manifest.items() if i not in present and not os.path.exists(e.path)]
    return Scan(manifest, changed, removed, unchanged, tuple(skipped))
