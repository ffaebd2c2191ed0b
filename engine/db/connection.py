"""Database engines for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

# A writer waits this long for SQLite's lock before "database is locked"; the command is then
# retried (engine.db.retry), so a request waits at most ~4x this: below gunicorn's 30 s timeout.
SQLITE_BUSY_TIMEOUT_SECONDS = 5
# A PostgreSQL server that does not answer is reported (503) after this, not after the OS gives up.
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5


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
    if is_sqlite(url):
        if url in ("sqlite://", "sqlite:///:memory:"):
            # One shared connection, or every checkout would see its own empty database.
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_SECONDS})
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    # A pooled connection the server dropped (restart, pg_terminate_backend) is replaced on checkout.
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("connect_args", {"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS})
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # pysqlite's own transaction handling is switched off so that BEGIN IMMEDIATE below is
    # the only one: writers then queue on the database lock instead of failing at commit.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")
