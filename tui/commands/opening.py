"""Opening the corpus and its index for a subcommand, or saying in one line why it cannot be.

Before anything is written: every corpus root must exist (a missing one is the user's
mistake, not an empty corpus), and the index folder must be one that can be made. Each
refusal names the path, what is wrong and what to do, and exits with status 3.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from index.config import Config
from index.model import UpdateReport
from index.store.store import Store, open_store
from index.update import update_index
from tui.commands.errors import Refused, Unusable
from tui.commands.output import ProgressBar


def check_corpus(config: Config) -> None:
    """Refuse a corpus root that does not exist, naming where it was set."""
    # The feeds folder is made by the first `storyline fetch`; until then it is just empty.
    missing = [p for p in config.corpus if not p.exists() and p != config.feeds_dir]
    if not missing:
        return
    names = ", ".join(str(p) for p in missing)
    where = config.where("corpus")
    if where:
        raise Unusable(
            f"corpus {names}: no such file or folder (set by corpus: at {where}); "
            "fix that line, or pass a folder with --corpus PATH"
        )
    raise Unusable(f"corpus {names}: no such file or folder; give a folder or file that exists")


def index_folder_problem(path: Path, create: bool) -> str:
    """Why the index folder ``path`` (and its lock file beside it) cannot be used, or "".

    With ``create`` the folder is made (as opening the index would); without, a temporary
    folder is made and removed where it would go, so nothing is left behind.
    """
    for parent in [path, *path.parents]:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                return f"{parent} is a file, not a folder"
            break
    try:
        if create:  # the folder's parent and the lock file beside it (the store makes the rest)
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = path.with_name(path.name + ".lock")
            with open(lock, "a"):
                pass
        else:  # try where the folder (and its lock file beside it) would be made
            for folder in (path, path.parent):
                existing = next(p for p in [folder, *folder.parents] if p.is_dir())
                try:
                    os.rmdir(tempfile.mkdtemp(prefix=".storyline-probe-", dir=existing))
                except OSError as error:
                    return f"cannot create anything in {existing}: {error.strerror or error}"
    except OSError as error:
        where = error.filename or path
        return f"cannot create {where}: {error.strerror or error}"
    return ""


def index_folder_fix(config: Config) -> str:
    """What to do about an index folder that cannot be used."""
    where = config.where("index_dir")
    if where:
        return f"set index_dir: at {where} to a folder you can write, or null for the cache"
    return (
        f"make {config.index_path().parent} a folder you can write (or set XDG_CACHE_HOME), "
        "or set index_dir: in the config"
    )


def check_index_folder(config: Config) -> None:
    path = config.index_path()
    problem = index_folder_problem(path, create=True)
    if problem:
        raise Unusable(f"index folder {path}: {problem}; {index_folder_fix(config)}")


def opened_store(config: Config) -> Store:
    """The index of the corpus, after the checks above."""
    check_corpus(config)
    check_index_folder(config)
    try:
        return open_store(config)
    except OSError as error:
        raise _unusable(config, error) from error


def updated_store(
    config: Config, quiet: bool = False, rebuild: bool = False, wait: bool = False
) -> tuple[Store, UpdateReport]:
    """Open the index and bring it up to date, with a progress bar on a terminal.

    Reading commands do not wait for another process that is updating the index: they use
    it as it is. ``storyline index`` waits its turn.
    """
    store = opened_store(config)
    store.on_wait = lambda: print(
        "storyline: waiting for another storyline process to finish updating the index…",
        file=sys.stderr,
    )
    bar = ProgressBar("indexing")
    try:
        report = update_index(store, rebuild=rebuild, progress=None if quiet else bar, wait=wait)
    except OSError as error:
        store.close()
        raise _unusable(config, error) from error
    finally:
        bar.close()
    if report.busy:
        print(f"storyline: {report.summary()}", file=sys.stderr)
    if report.rebuilt and report.rebuilt != "asked for":
        print(f"storyline: index was rebuilt: {report.rebuilt}", file=sys.stderr)
    return store, report


def _unusable(config: Config, error: OSError) -> Exception:
    """An OS error inside the index folder is an unusable index; any other is a bug."""
    path = config.index_path()
    name = str(error.filename or "")
    if name.startswith(str(path)):
        return Unusable(
            f"index folder {path}: {error.strerror or error}: {name}; {index_folder_fix(config)}"
        )
    return error


ARTICLE_SUFFIXES = (".txt", ".md", ".markdown")


def article_id(store: Store, word: str) -> str:
    """The id of the article ``word`` names: an id, an id with its file suffix, or a path to
    the file itself. Refused (exit 1) with a hint when it names none."""
    catalog = store.catalog
    assert catalog is not None
    if catalog.article(word) is not None:
        return word
    for suffix in ARTICLE_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.lower().endswith(suffix) and catalog.article(stem) is not None:
            return stem
    path = Path(word).expanduser()
    if path.is_file():
        wanted = {os.path.abspath(path), os.path.realpath(path)}
        for found, entry in catalog.manifest().items():
            if entry.path in wanted or os.path.realpath(entry.path) in wanted:
                return found
        raise Refused(f"{word}: this file is not in the corpus; pass its folder with --corpus")
    raise Refused(
        f"no article with id {word!r}; an id is the file's path under the corpus without "
        "its extension (see `storyline list`)"
    )
