"""One database transaction around one command, with the events it raised.

Used as ``with UnitOfWork(session_factory) as uow: ...; uow.commit()``. Leaving the block
without ``commit()`` (or through an exception) rolls back. ``engine.db.retry.run`` reruns a
whole unit of work that a conflict rolled back.

``ReadUnit`` is the read side's transaction: deferred on SQLite (readers run in parallel),
never committed, and shared by every step of one request (authentication, then the query):
``with reads: ...`` reuses its transaction until ``close()``.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..events import Event
from . import failures
from .connection import READ_ONLY


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._pending: deque[Event] = deque()
        self.raised: list[Event] = []
        # Filled by the progression handlers, so the response can list what changed.
        self.progressions_applied: list[Any] = []
        # (machine, event) of every transition made, counted by the metrics once committed.
        self.transitions: list[tuple[str, str | None]] = []

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pending.clear()
        self.raised = []
        self.progressions_applied = []
        self.transitions = []
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.rollback()
        finally:
            self.session.close()

    def raise_event(self, event: Event) -> None:
        self._pending.append(event)
        self.raised.append(event)

    def next_event(self) -> Event | None:
        return self._pending.popleft() if self._pending else None

    def commit(self) -> None:
        try:
            self.session.commit()
        except DBAPIError as exc:
            if failures.is_outage(exc):  # saved or not: only the server knows, so never rerun blindly
                raise failures.commit_unknown() from exc
            raise


class ReadUnit:
    """One read transaction, opened at first use and kept across ``with`` blocks until ``close()``.

    Queries take it where they take a UnitOfWork (``with uow: uow.session...``), so one
    request's authentication and read share one transaction and one pooled connection.
    It has no ``commit``: whatever a read would change is rolled back by ``close()``.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._session_factory()
            # Procures the connection with the option now: its BEGIN is then a deferred one.
            self._session.connection(execution_options={READ_ONLY: True})
        return self._session

    def __enter__(self) -> ReadUnit:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:  # a failed statement may have ended the transaction: start afresh
            self.close()

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            session.close()
