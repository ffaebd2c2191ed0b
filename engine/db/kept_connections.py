"""Connections kept checked out of an engine's pool between uses, by the hot paths whose own work
costs less than a checkout and a checkin: the one-statement reads (``engine/db/single_read.py``,
raw connections in autocommit) and the commands' units of work (``engine/db/unit_of_work.py``,
Connections that begin and end a transaction each time).

A pool's checkout and checkin (its queue, its events, the reset on return) cost a write some
tens of microseconds; kept here, a connection is taken and given back by a list's ``pop`` and
``append``, atomic for a worker's threads, which never hold more than ran at once. Each is still
a connection of the pool, so the pool's size bounds them with every other. ``engine.dispose()``
closes the idle ones (tests, a reload, a lost connection that replaced the pool's older ones).
They belong to the process that opened them: a forked worker opens its own. An in-memory SQLite
database is one connection (StaticPool) that every checkout shares: it goes back after each use.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

from sqlalchemy import Engine, event
from sqlalchemy.pool import StaticPool

T = TypeVar("T")


class KeptConnections(Generic[T]):
    """One engine's kept connections of one kind: ``open`` makes one (checked out of the pool),
    ``close`` ends one (back to the pool, or invalidated)."""

    def __init__(self, engine: Engine, open_: Callable[[Engine], T], close: Callable[[T], None]) -> None:
        self._open, self._close = open_, close  # the engine is not kept: it keeps this (its listener)
        self.keeps = not isinstance(engine.pool, StaticPool)
        self.pid = os.getpid()
        self.idle: list[T] = []
        self.inherited: list[T] = []
        event.listen(engine, "engine_disposed", self.close_all)

    def take(self, engine: Engine) -> T:
        if self.pid != os.getpid():  # forked: the parent's connections are the parent's, never used here
            # nor closed (nor collected, which would close them): they stay referenced.
            self.inherited, self.idle, self.pid = self.idle, [], os.getpid()
        try:
            return self.idle.pop()
        except IndexError:
            return self._open(engine)

    def give_back(self, connection: T) -> None:
        if self.keeps:
            self.idle.append(connection)
        else:
            self._close(connection)

    def close_all(self, _engine: Engine | None = None) -> None:
        if self.pid == os.getpid():
            self.close_idle()

    def close_idle(self) -> None:
        while self.idle:
            self._close(self.idle.pop())


_KINDS: dict[str, weakref.WeakKeyDictionary[Engine, KeptConnections]] = {}
_LOCK = threading.Lock()


def kept(engine: Engine, kind: str, open_: Callable[[Engine], T], close: Callable[[T], None]) -> KeptConnections[T]:
    """``engine``'s kept connections of ``kind`` (made at the first call)."""
    found = _KINDS.get(kind, {}).get(engine)
    if found is None:
        with _LOCK:
            per_engine = _KINDS.setdefault(kind, weakref.WeakKeyDictionary())
            found = per_engine.get(engine)
            if found is None:
                found = per_engine[engine] = KeptConnections(engine, open_, close)
    return found
