"""The lock every schema change holds, from reading what is applied to the last commit.

yoyo's own ``backend.lock()`` is a row in ``yoyo_lock``: a process killed while holding it
leaves the row behind and every later command waits for it until someone removes it by hand.
These locks die with their holder instead: a session-level advisory lock on PostgreSQL (as
Flyway takes), an ``flock`` on a file beside the database on SQLite.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from ..operator_errors import MigrationLocked

POLL_SECONDS = 0.1
ADVISORY_LOCK_KEY = 0x706F7765727072  # "powerpr": one key for every powerpro schema change


class Lock(Protocol):
    def try_acquire(self) -> bool: ...
    def release(self) -> None: ...


class AdvisoryLock:
    """Held by yoyo's connection (autocommit, so no transaction ends it); released on disconnect."""

    def __init__(self, backend) -> None:
        self.backend = backend

    def try_acquire(self) -> bool:
        return bool(self.backend.execute("SELECT pg_try_advisory_lock(:key)", {"key": ADVISORY_LOCK_KEY}).fetchone()[0])

    def release(self) -> None:
        self.backend.execute("SELECT pg_advisory_unlock(:key)", {"key": ADVISORY_LOCK_KEY})


class FileLock:
    """``DATABASE-migrate.lock`` beside the database (never the database file itself: closing a
    second descriptor of it would drop SQLite's own POSIX locks). An in-memory database is only
    visible to its own connection, so it needs none."""

    def __init__(self, backend) -> None:
        database = backend.uri.database
        self.path = f"{database}-migrate.lock" if database and database != ":memory:" else None
        self.file = None

    def try_acquire(self) -> bool:
        if self.path is None:
            return True
        self.file = self.file or open(self.path, "a")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def release(self) -> None:
        if self.file is not None:
            fcntl.flock(self.file, fcntl.LOCK_UN)
            self.file.close()
            self.file = None


LOCKS: dict[str, Callable[[object], Lock]] = {"postgresql": AdvisoryLock, "sqlite": FileLock}


@contextmanager
def migration_lock(backend, timeout: float) -> Iterator[None]:
    """Wait up to ``timeout`` seconds for the lock, hold it for the block, then release it."""
    lock = LOCKS[backend.uri.scheme.split("+")[0]](backend)
    deadline = time.monotonic() + timeout
    while not lock.try_acquire():
        if time.monotonic() >= deadline:
            raise MigrationLocked(
                f"another powerpro process has been changing this database's schema for over {timeout:g} s;"
                " run the command again when it has finished"
            )
        time.sleep(POLL_SECONDS)
    try:
        yield
    finally:
        lock.release()
