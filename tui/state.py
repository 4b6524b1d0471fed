"""What the reader remembers between runs, per corpus: read marks, bookmarks, the last article
and its scroll position, searches, the side-pane setting.

One SQLite file per corpus in the user data directory (``platformdirs``), in WAL mode with
a busy timeout and one short transaction per change, so two readers open on the same corpus
both work. A file that is not a storyline state file, or is damaged, is set aside (renamed,
never deleted) and a fresh one started; ``State.problem`` says so for the reader to show.
Nothing here raises to the caller: losing a read mark must never stop the reader.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

import platformdirs

APPLICATION_ID = 0x53544C53  # "STLS": PRAGMA application_id of a storyline state file
VERSION = 1
HISTORY = 200  # searches kept

SCHEMA = """
CREATE TABLE IF NOT EXISTS read (id TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS bookmarks (id TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS history (query TEXT PRIMARY KEY, at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def state_path(corpus: Iterable[Path], root: Path | None = None) -> Path:
    """The state file of a corpus: named by its folders, so each corpus has its own."""
    roots = sorted(str(Path(p).expanduser().resolve()) for p in corpus)
    digest = hashlib.blake2b("\n".join(roots).encode(), digest_size=8).hexdigest()
    name = Path(roots[0]).name if roots else "corpus"
    base = root or Path(platformdirs.user_data_dir("storyline")) / "state"
    return base / f"{name}-{digest}.sqlite"


class State:
    """The remembered state of one corpus."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""  # set when the file was set aside, or state cannot be kept
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, ValueError) as error:
            self._set_aside(str(error))
        except OSError as error:
            self.problem = f"cannot keep reading state in {path}: {error}"

    # -- opening ----------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        db = sqlite3.connect(self.path, timeout=0.5, isolation_level=None)
        try:
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            if not fresh and app_id != APPLICATION_ID:
                raise ValueError("not a storyline state file")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            if fresh:
                db.execute(f"PRAGMA application_id={APPLICATION_ID}")
                db.execute(f"PRAGMA user_version={VERSION}")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > VERSION:
                raise ValueError(f"written by a newer storyline (version {version})")
            db.executescript(SCHEMA)
            db.execute("PRAGMA quick_check").fetchone()
            return db
        except BaseException:
            db.close()
            raise

    def _set_aside(self, reason: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.bad-{stamp}")
        try:
            self.path.replace(aside)
            for suffix in ("-wal", "-shm"):
                extra = self.path.with_name(self.path.name + suffix)
                if extra.exists():
                    extra.replace(aside.with_name(aside.name + suffix))
            self._db = self._open()
            self.problem = (
                f"reading state in {self.path} could not be read ({reason}); "
                f"set aside as {aside.name}, starting afresh"
            )
        except (OSError, sqlite3.DatabaseError, ValueError) as error:
            self._db = None
            self.problem = f"cannot keep reading state in {self.path}: {error}"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- reading and writing, never raising ----------------------------------------------

    def _rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        if self._db is None:
            return []
        try:
            return self._db.execute(sql, args).fetchall()
        except sqlite3.Error:
            return []

    def _write(self, sql: str, *args: object) -> None:
        if self._db is None:
            return
        try:
            self._db.execute(sql, args)
        except sqlite3.Error as error:  # locked by the other reader for too long, disk full
            self.problem = f"reading state not saved: {error}"

    def read_ids(self) -> set[str]:
        return {str(row[0]) for row in self._rows("SELECT id FROM read")}

    def set_read(self, article_id: str, read: bool = True) -> None:
        if read:
            self._write("INSERT OR REPLACE INTO read VALUES (?, ?)", article_id, time.time())
        else:
            self._write("DELETE FROM read WHERE id = ?", article_id)

    def bookmarks(self) -> list[str]:
        """Bookmarked ids, the latest first."""
        return [str(row[0]) for row in self._rows("SELECT id FROM bookmarks ORDER BY at DESC")]

    def set_bookmark(self, article_id: str, marked: bool) -> None:
        if marked:
            self._write("INSERT OR REPLACE INTO bookmarks VALUES (?, ?)", article_id, time.time())
        else:
            self._write("DELETE FROM bookmarks WHERE id = ?", article_id)

    def history(self) -> list[str]:
        """Searches, the oldest first (Up in the search bar goes back from the last)."""
        return [str(row[0]) for row in self._rows("SELECT query FROM history ORDER BY at")]

    def add_search(self, query: str) -> None:
        query = query.strip()
        if not query:
            return
        self._write("INSERT OR REPLACE INTO history VALUES (?, ?)", query, time.time())
        self._write(
            "DELETE FROM history WHERE query NOT IN"
            " (SELECT query FROM history ORDER BY at DESC LIMIT ?)",
            HISTORY,
        )

    def get(self, key: str, default: str = "") -> str:
        rows = self._rows("SELECT value FROM settings WHERE key = ?", key)
        return str(rows[0][0]) if rows else default

    def put(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO settings VALUES (?, ?)", key, value)
