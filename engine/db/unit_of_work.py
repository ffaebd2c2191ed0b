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
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Result, event
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..events import Event
from . import driver_cursor, failures, kept_connections, repository, shaped_writes, single_read, writer_queue
from .connection import READ_ONLY, reruns_on_loss
from .kept_connections import KeptConnections
from .stale import STALE

KEPT = "powerpro_kept"


# The session's identity map holds rows weakly: a row a handler loaded and let go of could be
# collected and then read again by the next ``session.get``, or not, as the garbage collector
# pleases. A unit of work keeps every row it loaded or wrote until it ends, so each row is read
# at most once per command, always.
@event.listens_for(Session, "loaded_as_persistent")
@event.listens_for(Session, "pending_to_persistent")
@event.listens_for(Session, "detached_to_persistent")
def _keep(session: Session, instance: object) -> None:
    kept = session.info.get(KEPT)
    if kept is not None:
        kept.append(instance)


@dataclass
class Stale:
    """What a unit of work changed whose stored answers must be written again before it commits:
    enrollments, workouts, and users (all of a user's live enrollments: a weight-unit change)."""

    enrollments: set[str] = field(default_factory=set)
    workouts: set[str] = field(default_factory=set)
    users: set[str] = field(default_factory=set)
    # How a stale workout changed, when only in ways its stored answer is patched for (a set
    # logged, a set re-prescribed, its status or note: engine/handlers/stored_state.py): the
    # indexes of the sets logged, and its prescription as this unit of work first found it.
    # A workout in ``whole`` changed otherwise: its answer is rendered whole again.
    logged_indexes: dict[str, set[int]] = field(default_factory=dict)
    prescriptions_before: dict[str, list[Any]] = field(default_factory=dict)
    whole: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.enrollments or self.workouts or self.users)

    def clear(self) -> None:
        for ids in (self.enrollments, self.workouts, self.users, self.logged_indexes, self.prescriptions_before,
                    self.whole):
            ids.clear()


class UnitOfWork:
    """``before_commit(uow)`` runs inside the transaction, just before it commits: the services'
    units of work re-store there the answers of what is stale (``engine/handlers/stored_state.py``)."""

    def __init__(self, session_factory: sessionmaker[Session],
                 before_commit: Callable[[UnitOfWork], None] | None = None) -> None:
        self._session_factory = session_factory
        self._before_commit = before_commit
        self._pending: deque[Event] = deque()
        self.raised: list[Event] = []
        # Filled by the progression handlers, so the response can list what changed.
        self.progressions_applied: list[Any] = []
        # (machine, event) of every transition made, counted by the metrics once committed.
        self.transitions: list[tuple[str, str | None]] = []
        # Marked by every flush (engine/db/stale.py) and by ``mark_stale``.
        self.stale = Stale()
        # The answers stored in this unit of work, by (kind, id): a command's response reuses them.
        self.answers: dict[tuple[str, str], dict[str, Any]] = {}
        # A correction: the progressions it reverted, and the amendment its new ones belong to.
        self.progressions_reverted: list[Any] = []
        self.amendment_id: str | None = None

    def __enter__(self) -> UnitOfWork:
        engine = self._session_factory.kw["bind"]
        # On SQLite, writers queue for their turn before they begin (engine/db/writer_queue.py).
        self._turn = writer_queue.turn(engine)
        self._turn.__enter__()
        try:
            self._kept = reruns_on_loss()  # a command's connection is kept for the next command
            self._connection = _begun(engine, self._kept)
        except BaseException:
            self._turn.__exit__(None, None, None)
            raise
        # The session joins the connection's transaction: the unit of work begins and ends it on
        # the connection itself, without the session's own transaction bookkeeping (which cost
        # an empty unit of work some 60 us of CPU, more than SQLite's BEGIN and COMMIT).
        self.session = self._session_factory(bind=self._connection)
        self._pending.clear()
        self.raised = []
        self.progressions_applied = []
        self.transitions = []
        self.stale = Stale()
        self.answers = {}
        self.session.info[STALE] = self.stale
        self.session.info[KEPT] = []
        self.progressions_reverted = []
        self.amendment_id = None
        return self

    def __exit__(self, *exc_info) -> None:
        try:
            self.session.close()
        finally:
            try:
                _end(self._connection, self._kept)  # rolls back what was not committed
            finally:
                self._turn.__exit__(None, None, None)

    def raise_event(self, event: Event) -> None:
        self._pending.append(event)
        self.raised.append(event)

    def next_event(self) -> Event | None:
        return self._pending.popleft() if self._pending else None

    def mark_stale(self, *, enrollment_id: str | None = None, workout_id: str | None = None,
                   user_id: str | None = None) -> None:
        """Say that the stored answers of an enrollment, a workout or all of a user's live
        enrollments (their weight unit changed) must be written again before the commit.
        Changes made through ORM objects are marked by themselves (``engine/db/stale.py``);
        call this for what a Core statement (``update(...)``) or raw SQL changed."""
        for ids, value in ((self.stale.enrollments, enrollment_id), (self.stale.workouts, workout_id),
                           (self.stale.users, user_id)):
            if value is not None:
                ids.add(value)
        if workout_id is not None:
            self.stale.whole.add(workout_id)  # changed in ways the unit of work cannot see

    def commit(self) -> None:
        if self._before_commit is not None:
            self._before_commit(self)
        repository.write_transitions(self.session)
        repository.settle_bests(self.session)
        self.session.flush()
        shaped_writes.send_deferred(self._connection)
        try:
            self._connection.commit()
        except DBAPIError as exc:
            if failures.is_outage(exc):  # saved or not: only the server knows, so never rerun blindly
                raise failures.commit_unknown() from exc
            raise


def _begun(engine: Engine, kept: bool) -> Connection:
    """A pooled connection in a write transaction (BEGIN IMMEDIATE on SQLite): ``kept``, one kept
    between commands (``engine/db/kept_connections.py``); else a checkout of its own (pinged on
    PostgreSQL: nothing reruns a unit of work that is not a command on a lost connection)."""
    connection = _commands(engine).take(engine) if kept else engine.connect()
    try:
        connection.begin()
    except BaseException:
        _end(connection, kept)
        raise
    return connection


def _end(connection: Connection, kept: bool) -> None:
    """The unit of work's connection, its transaction over: a command's is kept for the next, unless
    it was lost (then every kept one goes with it: dropped too, most likely); any other's closes."""
    shaped_writes.forget_deferred(connection)
    driver_cursor.forget_reads(connection)
    commands = _commands(connection.engine) if kept else None
    if commands is not None and not connection.invalidated and _rolled_back(connection):
        commands.give_back(connection)
        return
    connection.close()
    if commands is not None:
        commands.close_idle()


def _rolled_back(connection: Connection) -> bool:
    """Whether what was not committed is rolled back; else (as closing it would) it is invalidated,
    and the pool replaces it."""
    try:
        if connection.in_transaction():
            connection.rollback()
    except SQLAlchemyError:
        connection.invalidate()
        return False
    return True


def _commands(engine: Engine) -> KeptConnections[Connection]:
    return kept_connections.kept(engine, "commands", _command_connection, _close_command)


def _command_connection(engine: Engine) -> Connection:
    # Its transactions' BEGIN goes with their first statement (engine/db/driver_cursor.py).
    return driver_cursor.begin_along(engine.connect())


def _close_command(connection: Connection) -> None:
    if driver_cursor.begins_along(connection):
        connection.invalidate()  # closed, not returned: its driver is in autocommit
    connection.close()


class ReadUnit:
    """One read transaction, opened at first use and kept across ``with`` blocks until ``close()``.

    Queries take it where they take a UnitOfWork (``with uow: uow.session...``), so one
    request's authentication and read share one transaction and one pooled connection. The hot
    reads run Core statements on its connection (``execute``), without a Session's bookkeeping;
    a Session joins the same transaction when a query needs ORM rows. It has no ``commit``:
    whatever a read would change is rolled back by ``close()``.
    """

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory
        self._connection: Connection | None = None
        self._session: Session | None = None

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            connection = self._session_factory.kw["bind"].connect()
            # The option is set before the transaction begins: its BEGIN is then a deferred one.
            connection.execution_options(**{READ_ONLY: True})
            connection.begin()
            self._connection = connection
        return self._connection

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self._session_factory(bind=self.connection)
        return self._session

    def execute(self, statement, parameters: dict[str, Any]) -> Result:
        """A Core statement in the transaction (no ORM bookkeeping: the hot reads). The first one
        runs again on a fresh connection when the pooled one was dropped by the server after its
        checkout's ping (engine/db/connection.py); nothing was read on it yet."""
        first = self._connection is None
        try:
            return self.connection.execute(statement, parameters)
        except DBAPIError as exc:
            if not (first and failures.lost_connection(exc)):
                raise
            self.close()
        return self.connection.execute(statement, parameters)

    def one_row(self, statement, parameters: dict[str, Any]):
        """The one row (or None) of a read that is one statement: run alone, outside this unit's
        transaction (``engine/db/single_read.py``), on the same database."""
        return single_read.one_row(self._session_factory.kw["bind"], statement, parameters)

    def __enter__(self) -> ReadUnit:
        return self

    def __exit__(self, exc_type, *exc_info) -> None:
        if exc_type is not None:  # a failed statement may have ended the transaction: start afresh
            self.close()

    def close(self) -> None:
        session, self._session = self._session, None
        connection, self._connection = self._connection, None
        try:
            if session is not None:
                session.close()
        finally:
            if connection is not None:
                connection.close()  # rolls the read transaction back
