"""One database transaction around one command, with the events it raised.

Used as ``with UnitOfWork(session_factory) as uow: ...; uow.commit()``. Leaving the block
without ``commit()`` (or through an exception) rolls back. ``engine.db.retry.run`` reruns a
whole unit of work that a conflict rolled back.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from ..events import Event
from . import failures


class UnitOfWork:
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._pending: deque[Event] = deque()
        self.raised: list[Event] = []
        # Filled by the progression handlers, so the response can list what changed.
        self.progressions_applied: list[Any] = []
        # (machine, event) of every transition made, counted by the metrics once committed.
        self.transitions: list[tuple[str, str | None]] = []
        # A correction: the progressions it reverted, and the amendment its new ones belong to.
        self.progressions_reverted: list[Any] = []
        self.amendment_id: str | None = None

    def __enter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self._pending.clear()
        self.raised = []
        self.progressions_applied = []
        self.transitions = []
        self.progressions_reverted = []
        self.amendment_id = None
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
