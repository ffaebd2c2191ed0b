"""Writers of one SQLite database take turns here before SQLite's write lock (decision 0009).

SQLite has one write lock per database. A writer that finds it taken waits in SQLite's busy
handler, which sleeps and tries again with sleeps growing to 100 ms: a waiting writer often
sleeps on long after the lock came free, and meanwhile the other threads of its worker take
turns on the GIL with the one thread that writes, each switch costing every one of them CPU.
Queued here instead, one write transaction of the database runs at a time: first a lock per
process (its threads queue and sleep), then ``DATABASE-writers.lock`` beside the database file
(an ``flock`` between processes, as ``engine.db.migration_lock`` takes), tried again every
``POLL_SECONDS``. Measured over the wire, a prototype cut a write's worker CPU by about a fifth
and raised the write throughput by half (docs/decisions/0009-sqlite-reads-and-writes.md).

The turn is an optimisation, never a condition: a writer that has waited ``wait`` seconds (the
busy timeout) goes on to SQLite's own lock, as it did before; a process that does not queue
here (the sqlite3 shell, a backup) still meets SQLite's lock; the kernel drops a dead process's
file lock. PostgreSQL locks rows, not the database: its writers do not queue.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from sqlalchemy import Engine

from .connection import SQLITE_BUSY_TIMEOUT_SECONDS, is_sqlite

POLL_SECONDS = 0.0005  # a writer's turn comes this long after the lock file came free, at most
_QUEUES: dict[str, WriterQueue] = {}
_QUEUES_LOCK = threading.Lock()


class WriterQueue:
    """The turns of one database's writers, within this process and across processes."""

    def __init__(self, lock_path: str, wait: float) -> None:
        self.lock_path, self.wait = lock_path, wait
        self._threads = threading.Lock()
        self._holder: int | None = None  # the thread whose turn it is
        self._file: int | None = None

    @contextmanager
    def turn(self) -> Iterator[None]:
        deadline = time.monotonic() + self.wait
        if self._holder == threading.get_ident() or not self._threads.acquire(timeout=self.wait):
            yield  # a transaction within its own turn, or one that waited the busy timeout: SQLite decides
            return
        self._holder = threading.get_ident()
        try:
            filed = self._lock_file(deadline)
            try:
                yield
            finally:
                if filed:
                    fcntl.flock(self._file, fcntl.LOCK_UN)
        finally:
            self._holder = None
            self._threads.release()

    def _lock_file(self, deadline: float) -> bool:
        if self._file is None:
            try:
                self._file = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:
                return False  # no directory, or a read-only one: SQLite reports what is wrong with it
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(POLL_SECONDS)


def turn(engine: Engine) -> AbstractContextManager[None]:
    """A write transaction's turn on ``engine``'s database file (nothing to wait for on PostgreSQL)."""
    database = engine.url.database
    if not is_sqlite(engine.url.drivername) or database in (None, "", ":memory:"):
        return nullcontext()  # an in-memory database has one connection (StaticPool) and no file
    with _QUEUES_LOCK:
        queue = _QUEUES.get(database)
        if queue is None:
            queue = _QUEUES[database] = WriterQueue(f"{database}-writers.lock", SQLITE_BUSY_TIMEOUT_SECONDS)
    return queue.turn()


def _forget_queues() -> None:
    # A forked worker (gunicorn preloads the app) must not share its parent's open lock file:
    # flock would count both processes as one holder. It opens its own at its first write.
    global _QUEUES_LOCK
    _QUEUES.clear()
    _QUEUES_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget_queues)
