"""A read request that is one statement: run alone, on the driver's own cursor.

The hot reads (``GET`` enrollment, workouts/current, workouts/{id}) join the bearer token to
everything they answer in one SELECT (``engine/queries/stored.py``). One statement is one
consistent snapshot by itself, so it runs in autocommit: on PostgreSQL no BEGIN and no ROLLBACK
round trip (one round trip per request), on SQLite no BEGIN (pysqlite, whose own transaction
handling is off, runs the lone SELECT in a read transaction of its own).

It is a Core statement compiled once per dialect (``OneStatement``), sent through a pooled
connection's DBAPI cursor with the columns' own bind and result processing: SQLAlchemy's
per-execution work (cache key, execution context, result object), most of a read's database
cost in Python, is left out. What a Connection would do around it is kept: listeners of
``before_cursor_execute`` on the engine see the statement (the statement-count tests, the
benchmarks), a failure is raised wrapped as SQLAlchemy wraps it (``engine.db.failures`` reads
those), and a connection the server dropped is invalidated with every older pooled one (as
SQLAlchemy does), then the statement runs again on a fresh connection.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select

ATTEMPTS = 3


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the bind names in order (qmark), None when named (pyformat)
    binds: dict[str, Callable[[Any], Any]]  # bind name -> its type's processor, where it has one
    literals: dict[str, Any]  # the values the statement carries itself (a JSON path...), processed once
    results: tuple[Callable[[Any], Any] | None, ...]
    row: type


class OneStatement:
    """A Core SELECT of a hot read, compiled once per dialect and run on a DBAPI cursor."""

    def __init__(self, statement: Select) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}

    def _for(self, dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            binds = {}
            for name, bind in compiled.binds.items():
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    binds[name] = processor
            literals = {name: binds[name](bind.value) if name in binds else bind.value
                        for name, bind in compiled.binds.items() if not bind.required}
            columns = list(self.statement.selected_columns)
            results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
            positions = tuple(compiled.positiontup) if compiled.positional else None
            row = namedtuple("Row", list(self.statement.selected_columns.keys()))
            found = self._compiled[dialect.name] = _Compiled(compiled.string, positions, binds, literals, results, row)
        return found

    def parameters(self, dialect, values: Mapping[str, Any]) -> tuple[str, Any]:
        """The SQL text and the DBAPI parameters for ``values``."""
        compiled = self._for(dialect)
        merged = dict(compiled.literals)
        binds = compiled.binds
        for name, value in values.items():
            merged[name] = binds[name](value) if name in binds else value
        if compiled.positions is None:
            return compiled.sql, merged
        return compiled.sql, tuple(merged[name] for name in compiled.positions)

    def row(self, dialect, found: tuple | None):
        if found is None:
            return None
        compiled = self._for(dialect)
        return compiled.row(*(value if process is None else process(value)
                              for process, value in zip(compiled.results, found, strict=True)))


def one_row(engine: Engine, statement: OneStatement, values: Mapping[str, Any]):
    """The one row (a named tuple) or None that ``statement`` selects, run alone in autocommit."""
    dialect = engine.dialect
    sql, parameters = statement.parameters(dialect, values)
    for attempt in range(1, ATTEMPTS + 1):
        try:
            connection = engine.raw_connection()
        except dialect.loaded_dbapi.Error as exc:  # no connection could be made: an outage, not rerun
            raise DBAPIError.instance(None, None, exc, dialect.loaded_dbapi.Error, dialect=dialect) from exc
        try:
            return statement.row(dialect, _fetch_one(engine, connection, sql, parameters))
        except dialect.loaded_dbapi.Error as exc:
            lost = dialect.is_disconnect(exc, connection.dbapi_connection, None)
            if lost:  # as a Connection would: this one and every older pooled one are replaced
                engine.pool._invalidate(connection, exc)
            if attempt == ATTEMPTS or not lost:
                raise DBAPIError.instance(sql, parameters, exc, dialect.loaded_dbapi.Error,
                                          connection_invalidated=lost, dialect=dialect) from exc
        finally:
            connection.close()
    raise AssertionError("unreachable")


def _fetch_one(engine: Engine, connection, sql: str, parameters) -> tuple | None:
    driver = connection.driver_connection
    autocommit = engine.dialect.name != "sqlite"  # SQLite's connections never BEGIN by themselves
    if autocommit:
        driver.autocommit = True
    try:
        cursor = connection.cursor()
        if engine.dispatch.before_cursor_execute:
            engine.dispatch.before_cursor_execute(None, cursor, sql, parameters, None, False)
        cursor.execute(sql, parameters)
        found = cursor.fetchone()
        cursor.close()
        return found
    finally:
        if autocommit and not driver.closed:
            driver.autocommit = False
