"""The driver's own cursor on a pooled connection, and what goes to it in one round trip.

On psycopg a statement goes on a ``RawCursor`` kept with its connection (``cursor_of``): its
adapters are kept between statements. A command's connection is kept in the driver's autocommit
(``engine/db/unit_of_work.py``), so that its transaction's BEGIN goes in one round trip with the
first statement (``begin_along``), and reads may go along it (``send_together``: that BEGIN, the
statement, the reads), each prepared once per connection and executed by name with its values as
literals (``BEGIN; EXECUTE a('...'); EXECUTE b('...')``): one round trip, where each would be one.
The rows of a read sent along are kept for the statement that asks for them next (``take_read``),
while nothing else was sent: each of them is a statement of its own, on the transaction's state
when it ran (and the engine's ``before_cursor_execute`` listeners see it as one).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from decimal import Decimal
from itertools import count
from typing import Any, NamedTuple

from sqlalchemy import Connection

# -- the driver's cursor --------------------------------------------------------------------------
_CURSOR = "powerpro.cursor"  # a pooled connection's info: its kept psycopg cursor
_IDLE = 0  # libpq's PQTRANS_IDLE: no transaction open


def numbered_placeholders(dialect) -> bool:
    """Whether statements go to the driver with PostgreSQL's own ``$1`` placeholders (psycopg's
    RawCursor): its pyformat ones are converted by the driver on every execution."""
    return dialect.driver == "psycopg"


def cursor_of(dialect, pooled) -> Any:
    """The cursor to send a statement on: on psycopg a ``RawCursor`` kept with the connection (its
    adapters kept between statements; the pool forgets it with the connection), else a new one."""
    if not numbered_placeholders(dialect):
        return pooled.cursor()
    found = pooled.info.get(_CURSOR)
    if found is None or found.closed:
        from psycopg import RawCursor  # only where psycopg is the driver

        found = pooled.info[_CURSOR] = RawCursor(pooled.driver_connection)
    return found


def kept_cursor(pooled) -> bool:
    """Whether the connection keeps its cursor (else a statement's is closed after it)."""
    return _CURSOR in pooled.info


def forget_cursor(pooled) -> None:
    """After a failed statement: the connection's next statement gets a new cursor."""
    pooled.info.pop(_CURSOR, None)


# -- BEGIN with the first statement (PostgreSQL) ------------------------------------------------
# Where psycopg would send a BEGIN by itself first. A statement SQLAlchemy sends first gets a
# BEGIN of its own (``begin_first``).
_BEGINS_ALONG = "powerpro.begins_along"  # a pooled connection's info: set while _send dispatches
_PREPARED = "powerpro.prepared"  # a pooled connection's info: the names prepared on it
_NAMES: dict[str, bytes] = {}  # a statement's SQL -> its prepared statement's name, one per process
_NUMBERS = count()
_LITERAL_TYPES = (str, int, bool, Decimal, type(None))


def needs_begin(connection: Connection | None) -> bool:
    """Whether ``connection`` is in a transaction SQLAlchemy began that its driver, in
    autocommit, has not begun yet."""
    if connection is None or not numbered_placeholders(connection.dialect) or not connection.in_transaction():
        return False
    driver = connection.connection.driver_connection
    return driver.autocommit and driver.pgconn.transaction_status == _IDLE


def begin_along(connection: Connection) -> Connection:
    """``connection`` (a command's, kept between commands) with its BEGIN sent along its first
    statement, on psycopg: the driver in autocommit, so that it sends none by itself."""
    if numbered_placeholders(connection.dialect):
        connection.connection.driver_connection.autocommit = True
    return connection


def begins_along(connection: Connection) -> bool:
    """Whether ``connection`` is one ``begin_along`` made (its driver in autocommit)."""
    return (numbered_placeholders(connection.dialect) and not connection.invalidated
            and connection.connection.driver_connection.autocommit)


def begin_first(connection: Connection | None, *_statement) -> None:
    """A ``before_cursor_execute`` listener of every PostgreSQL engine: the BEGIN a statement
    needs and does not carry (any but those ``_send`` sends with it)."""
    if needs_begin(connection) and not connection.connection.info.get(_BEGINS_ALONG):
        cursor_of(connection.dialect, connection.connection).execute(b"BEGIN", prepare=False)


def dispatched(connection: Connection, cursor, sql: str, parameters) -> None:
    info = connection.connection.info
    info[_BEGINS_ALONG] = True  # this statement brings its BEGIN along (begin_first leaves it)
    try:
        connection.dispatch.before_cursor_execute(connection, cursor, sql, parameters, None, False)
    finally:
        info.pop(_BEGINS_ALONG, None)


def literal(parameters) -> bool:
    """Whether the parameters are of the kinds an ``EXECUTE`` takes as literals here."""
    return isinstance(parameters, tuple) and all(type(value) in _LITERAL_TYPES for value in parameters)


def send_together(cursor, pooled, statements: Sequence[tuple[str, tuple]]) -> None:
    """Begin a transaction with ``statements`` (SQL, literal values), in one round trip: each is
    prepared first, outside any transaction (a PREPARE that failed within one, its name taken,
    would abort it: after a rollback the connection cannot tell which it holds). The cursor is
    left on the first statement's result (``nextset`` gives each next one's)."""
    from psycopg.sql import Literal  # only where psycopg is the driver

    driver = pooled.driver_connection
    sent = [b"BEGIN"]
    for sql, parameters in statements:
        arguments = b", ".join(Literal(value).as_bytes(driver) for value in parameters)
        sent.append(b"EXECUTE " + _prepared(cursor, pooled, sql) + (b"(" + arguments + b")" if parameters else b""))
    cursor.execute(b"; ".join(sent), prepare=False)
    cursor.nextset()  # the first statement's result, after the BEGIN's


def _prepared(cursor, pooled, sql: str) -> bytes:
    """The name ``sql`` is prepared under on this connection, prepared now if it is not yet
    (outside any transaction: a prepared statement outlives a rollback)."""
    name = _NAMES.get(sql)
    if name is None:
        name = _NAMES.setdefault(sql, f"powerpro_{next(_NUMBERS)}".encode())
    prepared = pooled.info.setdefault(_PREPARED, set())  # the pool clears it with a new connection
    if name not in prepared:
        from psycopg.errors import DuplicatePreparedStatement

        with suppress(DuplicatePreparedStatement):  # a rollback deallocated nothing (forget_prepared cannot tell)
            cursor.execute(b"PREPARE " + name + b" AS " + sql.encode(), prepare=False)
        prepared.add(name)
    return name


def forget_prepared(connection: Connection) -> None:
    """A ``rollback`` listener of every PostgreSQL engine: psycopg deallocates every statement
    prepared on a connection it rolls back when it holds any of its own (``DEALLOCATE ALL``),
    these with them; each is prepared again at its next use, if it is not there still."""
    if not connection.invalidated:
        connection.connection.info.pop(_PREPARED, None)


def unprepared(exc: BaseException, pooled) -> bool:
    """A statement this connection should hold prepared and does not (deallocated by another
    hand): it is treated as a lost connection, replaced, and its unit of work rerun."""
    if getattr(exc, "sqlstate", None) != "26000":  # invalid_sql_statement_name
        return False
    pooled.info.pop(_PREPARED, None)
    return True


# -- reads sent along another statement (PostgreSQL) ---------------------------------------------
_READS = "powerpro.reads_along"  # a pooled connection's info: (SQL, values) -> a read's Sent


class Sent(NamedTuple):
    """What a statement sent on the driver's cursor gave: the rows it matched, and those it selected."""

    rowcount: int
    rows: list[tuple]


def keep_read(pooled, sql: str, parameters: tuple, sent: Sent) -> None:
    """The rows of a read sent along another statement, for ``take_read``."""
    pooled.info.setdefault(_READS, {})[(sql, parameters)] = sent


def take_read(pooled, sql: str, parameters) -> Sent | None:
    """What the read (``sql`` with ``parameters``) sent along the connection's last statement
    gave, once; None when it was not sent so."""
    kept = pooled.info.get(_READS)
    return None if not kept else kept.pop((sql, parameters), None)


def forget_reads(connection: Connection | None, *_statement) -> None:
    """The rows of reads sent along are for the next statements that ask for them, with nothing
    sent between: a ``before_cursor_execute`` listener of every PostgreSQL engine (any statement
    sent makes them stale), and the end of a unit of work's transaction."""
    if connection is not None and not connection.invalidated:
        connection.connection.info.pop(_READS, None)
