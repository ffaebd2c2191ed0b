"""Core statements compiled once per dialect and sent on the driver's own cursor.

SQLAlchemy's per-execution work (cache key, execution context, result object) costs more than
SQLite's own work on the hot statements: a hot read's SELECT (``engine/db/single_read.py``) and
a write's transition-log INSERT (``engine/db/row_writes.py``). A ``OneStatement`` keeps what
that work would redo each time: the SQL text, the columns' bind and result processors.
``execute_many`` runs one in a Connection's transaction and keeps what SQLAlchemy does around
a statement: listeners of ``before_cursor_execute`` on the engine see it (the statement-count
tests, the benchmarks), a failure is raised wrapped as SQLAlchemy wraps it (``engine.db.failures``
reads those), and a connection the server dropped is invalidated (its unit of work is rerun).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the bind names in order (qmark), None when named (pyformat)
    binds: dict[str, Callable[[Any], Any]]  # bind name -> its type's processor, where it has one
    literals: dict[str, Any]  # the values the statement carries itself (a JSON path...), processed once
    results: tuple[Callable[[Any], Any] | None, ...]
    row: type | None  # a SELECT's row (a named tuple of its columns); None for a write


class OneStatement:
    """A Core statement (a hot read's SELECT, an INSERT) compiled once per dialect, whose every
    bind is a ``bindparam`` given by name, run on a DBAPI cursor."""

    def __init__(self, statement: Executable) -> None:
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
            selected = getattr(self.statement, "selected_columns", None)  # a SELECT's; a write has none
            columns = list(selected) if selected is not None else []
            results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
            positions = tuple(compiled.positiontup) if compiled.positional else None
            row = namedtuple("Row", list(selected.keys())) if selected is not None else None
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


def execute_many(connection: Connection, statement: OneStatement, rows: Iterable[Mapping[str, Any]]) -> None:
    """Run ``statement`` once per row (one executemany) in ``connection``'s transaction."""
    dialect = connection.dialect
    sql, parameters = None, []
    for values in rows:
        sql, one = statement.parameters(dialect, values)
        parameters.append(one)
    if sql is None:
        return
    many = len(parameters) > 1  # one row is one execute, as SQLAlchemy sends it (no pipeline on psycopg)
    if not many:
        parameters = parameters[0]
    pooled = connection.connection
    cursor = pooled.cursor()
    try:
        if connection.dispatch.before_cursor_execute:
            connection.dispatch.before_cursor_execute(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, pooled.dbapi_connection, cursor)
        if lost:  # as SQLAlchemy would: the pool replaces it, and the unit of work is rerun
            connection.invalidate(exc)
        raise DBAPIError.instance(sql, parameters, exc, dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=dialect) from exc
    finally:
        if not connection.invalidated:
            cursor.close()
