"""Backups: a consistent copy of the whole database, and putting one back.

SQLite goes through SQLite's online backup API: the copy is taken page by page from a live
database while the server keeps serving, and it is the state of one moment (a write that
commits meanwhile restarts the copy, as SQLite documents). PostgreSQL goes through pg_dump's
custom format and pg_restore, in one transaction, the tools its operators already trust.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from ..operator_errors import OperatorError
from .connection import is_sqlite, normalize_url
from .migrations import require_supported

# The table yoyo keeps: a file without it is not a powerpro database.
_MIGRATIONS_TABLE = "_yoyo_migration"


class BackupError(OperatorError):
    """A backup or restore that cannot be made; the message says why, in one line."""


def backup(database_url: str, target: Path) -> None:
    require_supported(database_url)
    if target.exists():
        raise BackupError(f"{target} already exists; choose a new file, a backup never overwrites one")
    if is_sqlite(database_url):
        _sqlite_copy(_sqlite_path(database_url), target)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), _libpq_url(database_url)])


def restore(database_url: str, source: Path) -> None:
    """Replace the database's content by the backup's. The database must not be served meanwhile."""
    require_supported(database_url)
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if is_sqlite(database_url):
        _check_sqlite_backup(source)
        _sqlite_copy(source, _sqlite_path(database_url))
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
              "--dbname", _libpq_url(database_url), str(source)])


def _sqlite_path(database_url: str) -> Path:
    database = make_url(database_url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(database)


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as reader, \
            closing(sqlite3.connect(target)) as writer:
        reader.backup(writer)


def _check_sqlite_backup(source: Path) -> None:
    try:
        with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as db:
            (integrity,) = db.execute("PRAGMA integrity_check").fetchone()
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite database ({exc})") from None
    if integrity != "ok":
        raise BackupError(f"{source} is damaged: {integrity}")
    if _MIGRATIONS_TABLE not in tables:
        raise BackupError(f"{source} is not a powerpro database (no {_MIGRATIONS_TABLE} table)")


def _libpq_url(database_url: str) -> str:
    """pg_dump speaks libpq URLs: no SQLAlchemy driver name."""
    url = make_url(normalize_url(database_url)).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BackupError(f"{command[0]} failed: {last}")
