"""A read request that is one statement: run alone, on the driver's own cursor.

The hot reads (``GET`` enrollment, workouts/current, workouts/{id}) join the bearer token to
everything they answer in one SELECT (``engine/queries/stored.py``). One statement is one
consistent snapshot by itself, so it runs in autocommit: on PostgreSQL no BEGIN and no ROLLBACK
round trip (one round trip per request), on SQLite no BEGIN (pysqlite, whose own transaction
handling is off, runs the lone SELECT in a read transaction of its own).

It is a Core statement compiled once per dialect (``OneStatement``, ``engine/db/driver_statements.py``),
sent through a DBAPI cursor with the columns' own bind and result processing: SQLAlchemy's
per-execution work (cache key, execution context, result object), most of a read's database cost
in Python, is left out. The
connections it runs on are the pool's, kept checked out between reads with their cursor and, on
PostgreSQL, in autocommit (``engine/db/kept_connections.py``): a checkout, a checkin and two
autocommit switches cost more than the statement. What a Connection would do around it is kept: listeners
of ``before_cursor_execute`` on the engine see the statement (the statement-count tests, the
benchmarks), a failure is raised wrapped as SQLAlchemy wraps it (``engine.db.failures`` reads
those), and a connection the server dropped is invalidated with every older pooled one (as
SQLAlchemy does) and every kept one, then the statement runs again on a fresh connection.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from . import kept_connections
from .driver_cursor import cursor_of, forget_cursor
from .driver_statements import OneStatement  # the hot reads' statements
from .kept_connections import KeptConnections

ATTEMPTS = 3


def one_row(engine: Engine, statement: OneStatement, values: Mapping[str, Any]):
    """The one row (a named tuple) or None that ``statement`` selects, run alone in autocommit."""
    dialect = engine.dialect
    sql, parameters = statement.parameters(dialect, values)
    kept = _kept(engine)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            connection = kept.take(engine)
        except dialect.loaded_dbapi.Error as exc:  # no connection could be made: an outage, not rerun
            raise DBAPIError.instance(None, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        try:
            found = _fetch_one(engine, connection, statement, sql, parameters)
        except dialect.loaded_dbapi.Error as exc:
            lost = dialect.is_disconnect(exc, connection.connection.dbapi_connection, None)
            if lost:  # as a Connection would: this one and every kept one (dropped too, most likely)
                connection.connection.invalidate(exc)
                kept.close_idle()
            else:
                kept.give_back(connection.without_cursor())
            if attempt == ATTEMPTS or not lost:
                raise DBAPIError.instance(sql, parameters, exc, dialect.loaded_dbapi.Error,
                                          connection_invalidated=lost, dialect=dialect) from exc
        else:
            kept.give_back(connection)
            return statement.row(dialect, found)
    raise AssertionError("unreachable")


def _fetch_one(engine: Engine, connection: _Kept, statement: OneStatement, sql: str, parameters) -> tuple | None:
    cursor = connection.cursor(engine.dialect)
    if engine.dispatch.before_cursor_execute:
        engine.dispatch.before_cursor_execute(None, cursor, sql, parameters, None, False)
    cursor.execute(sql, parameters)
    statement.learn(engine.dialect, cursor)
    return cursor.fetchone()


@dataclass
class _Kept:
    """A pooled connection kept out of the pool for the hot reads, with its cursor once made."""

    connection: Any  # SQLAlchemy's pooled connection (a _ConnectionFairy), checked out
    _cursor: Any = None

    def cursor(self, dialect):
        if self._cursor is None:
            self._cursor = cursor_of(dialect, self.connection)
        return self._cursor

    def without_cursor(self) -> _Kept:
        """After a failed statement: the connection is sound, its cursor is made afresh."""
        self._cursor = None
        forget_cursor(self.connection)
        return self


def _open(engine: Engine) -> _Kept:
    connection = engine.raw_connection()
    if engine.dialect.name != "sqlite":  # SQLite's connections never BEGIN by themselves
        connection.driver_connection.autocommit = True
    return _Kept(connection)


def _close(kept: _Kept) -> None:
    kept.connection.invalidate()  # closed, not returned: it is in autocommit


def _kept(engine: Engine) -> KeptConnections[_Kept]:
    """The connections of the engine's hot reads, each already in autocommit on PostgreSQL:
    taking one from the pool and giving it back, and switching autocommit on and off, cost more
    than the read's own statement on PostgreSQL (0.05 of 0.09 ms of CPU)."""
    return kept_connections.kept(engine, "reads", _open, _close)
