"""A read request that is one statement: run alone, outside any explicit transaction.

The hot reads (``GET`` enrollment, workouts/current, workouts/{id}) join the bearer token to
everything they answer in one SELECT (``engine/queries/stored.py``). One statement is one
consistent snapshot by itself, so it runs in autocommit: on PostgreSQL no BEGIN and no ROLLBACK
round trip (one round trip per request), on SQLite no BEGIN (pysqlite's own read transaction).

A connection the server dropped fails its first statement; SQLAlchemy then replaces every pooled
connection older than that failure, and the statement is run again on a fresh one.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, Row
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select

from . import failures
from .connection import ONE_STATEMENT

ATTEMPTS = 3
_ENGINES: WeakKeyDictionary[Engine, Engine] = WeakKeyDictionary()


def one_row(engine: Engine, statement: Select, parameters: Mapping[str, Any]) -> Row | None:
    """The one row (or None) ``statement`` selects, run alone in autocommit."""
    alone = _one_statement_engine(engine)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with alone.connect() as connection:
                return connection.execute(statement, parameters).one_or_none()
        except DBAPIError as exc:
            if attempt == ATTEMPTS or not failures.lost_connection(exc):
                raise
    raise AssertionError("unreachable")


def _one_statement_engine(engine: Engine) -> Engine:
    """``engine`` with autocommit connections (the same pool)."""
    alone = _ENGINES.get(engine)
    if alone is None:
        level = {} if engine.dialect.name == "sqlite" else {"isolation_level": "AUTOCOMMIT"}
        # SQLite keeps pysqlite's isolation_level None (engine/db/connection.py): only the BEGIN is left out.
        alone = _ENGINES[engine] = engine.execution_options(**{ONE_STATEMENT: True}, **level)
    return alone
