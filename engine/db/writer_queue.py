"""Writers of one SQLite database take turns here before SQLite's write lock (decision 0009).

SQLite has one write lock per database. A writer that finds it taken waits in SQLite's busy
handler, which sleeps and tries again with sleeps growing to 100 ms: a waiting writer often
sleeps on long after the lock came free, and meanwhile the other threads of its worker take
turns on the GIL with the one thread that writes, each switch costing every one of them CPU.
Queued here instead, one write transaction of the database runs at a time: first a lock per
process (its threads queue and sleep), then ``DATABASE-writers.lock`` beside the database file
(an ``flock`` between processes, as ``engine.db.migration_lock`` takes). Measured over the wire,
a prototype cut a write's worker CPU by about a fifth and raised the write throughput by half
(docs/decisions/0009-sqlite-reads-and-writes.md).

``flock`` has no timeout. Tried again every half millisecond, a writer of a busy database woke
many times a turn, each time taking the GIL from the thread of its worker that was working: a
log-set cost 6-8% more worker CPU than with one blocking ``flock`` (docs/performance.md, twelfth
round). So a thread of the process's own waits in the kernel, woken once, when the lock comes
free, and hands the lock to the writer waiting for it (``_LockFile``).

The turn is an optimisation, never a condition: a writer that has waited ``wait`` seconds (the
busy timeout) goes on to SQLite's own lock, as it did before, and the lock it gave up is let go
as soon as it comes; a process that does not queue here (the sqlite3 shell, a backup) still
meets SQLite's lock; the kernel drops a dead process's file lock. PostgreSQL locks rows, not
the database: its writers do not queue.
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

_QUEUES: dict[str, WriterQueue] = {}
_QUEUES_LOCK = threading.Lock()


class WriterQueue:
    """The turns of one database's writers, within this process and across processes."""

    def __init__(self, lock_path: str, wait: float) -> None:
        self.wait = wait
        self._threads = threading.Lock()
        self._holder: int | None = None  # the thread whose turn it is
        self._file = _LockFile(lock_path)

    @contextmanager
    def turn(self) -> Iterator[None]:
        deadline = time.monotonic() + self.wait
        if self._holder == threading.get_ident() or not self._threads.acquire(timeout=self.wait):
            yield  # a transaction within its own turn, or one that waited the busy timeout: SQLite decides
            return
        self._holder = threading.get_ident()
        try:
            filed = self._file.take(deadline)
            try:
                yield
            finally:
                if filed:
                    self._file.let_go()
        finally:
            self._holder = None
            self._threads.release()


class _LockFile:
    """The ``flock`` on the lock file, taken before a deadline. Free, it is taken at once; taken
    by another process, a thread of this one waits for it in the kernel (``_wait_in_kernel``)
    and hands it over. One writer of the process asks at a time (``WriterQueue._threads``)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._fd: int | None = None
        self._changed = threading.Condition()
        self._wanted = False  # a writer waits for the lock
        self._held = False  # this process holds it, for the writer whose turn it is
        self._in_kernel = False  # the waiting thread is in flock(2)
        self._broken = False  # flock failed: SQLite's own lock decides from now on
        self._waiter: threading.Thread | None = None

    def take(self, deadline: float) -> bool:
        """Whether the lock was taken before ``deadline`` (``time.monotonic``)."""
        if not self._open():
            return False  # no directory, or a read-only one: SQLite reports what is wrong with it
        with self._changed:
            if self._broken:
                return False
            if not self._in_kernel and self._taken_now():
                self._held = True
                return True
            self._wanted = True
            self._start_waiting()
            self._changed.notify_all()
            try:
                return self._changed.wait_for(lambda: self._held or self._broken,
                                              timeout=max(0.0, deadline - time.monotonic())) and self._held
            finally:
                self._wanted = False  # given up, a lock that comes later is let go at once

    def let_go(self) -> None:
        with self._changed:
            if self._held:
                self._held = False
                fcntl.flock(self._fd, fcntl.LOCK_UN)

    def _open(self) -> bool:
        if self._fd is None:
            try:
                self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError:
                return False
        return True

    def _taken_now(self) -> bool:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _start_waiting(self) -> None:
        if self._waiter is None:
            self._waiter = threading.Thread(target=self._wait_in_kernel, name="powerpro-writer-turns", daemon=True)
            self._waiter.start()

    def _wait_in_kernel(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._wanted and not self._held)
                self._in_kernel = True
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX)  # the GIL let go until the lock comes free
            except OSError:
                with self._changed:
                    self._in_kernel, self._broken = False, True
                    self._changed.notify_all()
                return
            with self._changed:
                self._in_kernel = False
                if self._wanted:
                    self._held = True
                    self._changed.notify_all()
                else:
                    fcntl.flock(self._fd, fcntl.LOCK_UN)


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
    # flock would count both processes as one holder. It opens its own at its first write, and
    # starts its own waiting thread (threads do not survive a fork).
    global _QUEUES_LOCK
    _QUEUES.clear()
    _QUEUES_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget_queues)
