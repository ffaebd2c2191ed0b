"""Database engines for SQLite (the embedded default) and PostgreSQL.

On SQLite (docs/decisions/0009-sqlite-reads-and-writes.md): WAL, so readers never wait for
the writer nor the writer for readers; a read transaction (a connection carrying the
``READ_ONLY`` execution option, as ``engine.db.unit_of_work.ReadUnit`` opens it) begins
deferred, so every worker reads in parallel; every other transaction begins IMMEDIATE, so
writers queue on the database lock (up to the busy timeout) instead of failing at commit.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, InvalidatePoolError
from sqlalchemy.pool import StaticPool

from .. import json_codec
from . import driver_cursor, shaped_writes

# A writer waits this long for SQLite's lock before "database is locked"; the command is then
# retried (engine.db.retry), so a request waits at most ~4x this: below gunicorn's 30 s timeout.
SQLITE_BUSY_TIMEOUT_SECONDS = 5
# A PostgreSQL server that does not answer is reported (503) after this, not after the OS gives up.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5
# The execution option that marks a connection's transactions as reads (deferred on SQLite).
READ_ONLY = "powerpro_read_only"
# The execution option of a connection that runs one statement per transaction, the driver's
# own (engine/db/single_read.py): SQLite is sent no BEGIN at all.
ONE_STATEMENT = "powerpro_one_statement"


def normalize_url(url: str) -> str:
    """Both SQLAlchemy and yoyo pick psycopg 3 only when the URL names it."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, **kwargs) -> Engine:
    url = normalize_url(url)
    # JSON columns encoded and decoded by the one codec (orjson), on both engines.
    kwargs.setdefault("json_serializer", json_codec.dumps)
    kwargs.setdefault("json_deserializer", json_codec.loads)
    if is_sqlite(url):
        if url in ("sqlite://", "sqlite:///:memory:"):
            # One shared connection, or every checkout would see its own empty database.
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    # A pooled connection is pinged at checkout (one empty-query round trip), and one the server
    # dropped (restart, failover, pg_terminate_backend) is replaced there with every older one.
    # Registration, login and the other reads and writes that run their own ``with uow:`` are
    # not rerun, so this is their only guard. A unit of work that is rerun whole on a lost
    # connection (``rerun_on_loss``: the commands, engine.db.retry) skips it: a connection dropped
    # before its ping fails its first statement, SQLAlchemy replaces every older pooled one, and
    # the rerun starts on a fresh one, so the ping would be a round trip for nothing. The hot
    # reads pay nothing for it either: their connections stay checked out between reads
    # (engine.db.single_read), whose failed first statement runs again on a fresh one.
    kwargs.setdefault("connect_args", {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS})
    engine = create_engine(url, **kwargs)
    event.listen(engine, "connect", _fresh)
    event.listen(engine, "checkout", _pinger(engine.dialect))
    # A command's first statement SQLAlchemy sends gets the BEGIN its connection's driver, in
    # autocommit, does not send (driver_cursor.begin_along); a rollback may take the
    # connection's prepared statements with it; the rows of reads sent along a statement are
    # stale once another is sent (driver_cursor.forget_reads); a write deferred to ride along a
    # later statement goes before any other (shaped_writes.defer).
    event.listen(engine, "before_cursor_execute", driver_cursor.begin_first)
    event.listen(engine, "rollback", driver_cursor.forget_prepared)
    event.listen(engine, "before_cursor_execute", driver_cursor.forget_reads)
    event.listen(engine, "before_cursor_execute", shaped_writes.send_deferred)
    return engine


# Set while a unit of work runs that is rerun whole when its connection is lost before the commit.
_RERUN_ON_LOSS: ContextVar[bool] = ContextVar("powerpro_rerun_on_loss", default=False)
# In a new connection's pool entry until its first checkout: just connected, it needs no ping.
_FRESH = "powerpro_fresh"


@contextmanager
def rerun_on_loss() -> Iterator[None]:
    """Within: the caller reruns what it does whole on a lost connection, so its checkouts skip
    the ping (PostgreSQL)."""
    token = _RERUN_ON_LOSS.set(True)
    try:
        yield
    finally:
        _RERUN_ON_LOSS.reset(token)


def reruns_on_loss() -> bool:
    """Whether what runs now is rerun whole on a lost connection (a command): its connection
    needs no ping, nor a checkout of its own (``engine/db/kept_connections.py``)."""
    return _RERUN_ON_LOSS.get()


def _fresh(_dbapi_connection, record) -> None:
    record.info[_FRESH] = True


def _pinger(dialect):
    def ping(dbapi_connection, record, _proxy) -> None:
        if record.info.pop(_FRESH, False) or _RERUN_ON_LOSS.get():
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if not dialect.is_disconnect(exc, dbapi_connection, None):
                raise
            # What pool_pre_ping does: the pool replaces this connection and every older one.
            raise InvalidatePoolError(str(exc)) from exc
    return ping


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling is switched off so that the BEGIN below is the only
    # one: writers then queue on the database lock instead of failing at commit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A deferred BEGIN takes no lock until the first read (a shared WAL snapshot), so reads of
    # every worker run in parallel with each other and with the one writer. A write begins
    # IMMEDIATE: a deferred transaction that read first could not upgrade to a writer once
    # another commit moved the snapshot on (SQLITE_BUSY at once, the busy timeout unused).
    options = connection.get_execution_options()
    if options.get(ONE_STATEMENT, False):
        return  # pysqlite runs the statement alone, in a read transaction of its own
    begin = "BEGIN" if options.get(READ_ONLY, False) else "BEGIN IMMEDIATE"
    # Sent on the driver's own connection: SQLAlchemy's execution path around it cost three times
    # SQLite's BEGIN. A failure is handled as SQLAlchemy handles it: raised wrapped (a lock held
    # past the busy timeout is a conflict, rerun: engine.db.failures), a closed connection
    # invalidated, so the pool replaces it and the command is rerun on another.
    driver = connection.connection.driver_connection
    try:
        driver.execute(begin)
    except sqlite3.Error as exc:
        lost = connection.dialect.is_disconnect(exc, driver, None)
        if lost:
            connection.invalidate(exc)
        raise DBAPIError.instance(begin, (), exc, sqlite3.Error, connection_invalidated=lost,
                                  dialect=connection.dialect) from exc
