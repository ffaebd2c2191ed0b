"""Core statements compiled once per dialect and sent on the driver's own cursor.

SQLAlchemy's per-execution work (cache key, execution context, result object, on PostgreSQL the
cursor's description) costs more than the database's own work on the hot statements: a hot
read's SELECT (``engine/db/single_read.py``), and a write's INSERTs, UPDATEs and locked reads
(``engine/db/row_writes.py``, ``logged_sets.py``, ``progressions.py``, the record bests). A
``OneStatement`` keeps what that work would redo each time: the SQL text, the columns' bind and
result processors. ``execute``, ``rows`` and ``execute_many`` run one in a Connection's
transaction and keep what SQLAlchemy does around a statement: listeners of
``before_cursor_execute`` on the engine see it (the statement-count tests, the benchmarks), a
failure is raised wrapped as SQLAlchemy wraps it (``engine.db.failures`` reads those), and a
connection the server dropped is invalidated with every one pooled before it (its unit of work is
rerun). The columns' Python-side defaults (an INSERT's ``default``, an UPDATE's ``onupdate``) are
worked out per run, as SQLAlchemy's execution context works them out.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Table, bindparam, insert, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the bind names in order (qmark), None when named (pyformat)
    binds: dict[str, Callable[[Any], Any]]  # bind name -> its type's processor, where it has one
    literals: dict[str, Any]  # the values the statement carries itself (a JSON path...), processed once
    defaults: tuple[tuple[str, Any], ...]  # bind name -> its column's Python-side default, worked out per run
    columns: tuple[Any, ...]  # a SELECT's columns
    row: type | None  # a SELECT's row (a named tuple of its columns); None for a write


class OneStatement:
    """A Core statement (a hot read's SELECT, an INSERT) compiled once per dialect, whose every
    bind is a ``bindparam`` given by name, run on a DBAPI cursor."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._compiled: dict[str, _Compiled] = {}
        self._results: dict[str, tuple[Callable[[Any], Any] | None, ...]] = {}

    def _for(self, dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            compiled = self.statement.compile(dialect=dialect)
            binds = {}
            for name, bind in compiled.binds.items():
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    binds[name] = processor
            # The columns an INSERT or UPDATE is not given and whose default (onupdate) Python
            # works out: SQLAlchemy's execution context would, per execution.
            prefetch = [*compiled.insert_prefetch, *compiled.update_prefetch]
            defaults = tuple((c.key, c.onupdate if c in compiled.update_prefetch else c.default) for c in prefetch)
            if any(name not in compiled.binds or not (d.is_scalar or d.is_callable) for name, d in defaults):
                raise ValueError(f"a default OneStatement cannot work out: {compiled.string}")
            literals = {name: binds[name](bind.value) if name in binds else bind.value
                        for name, bind in compiled.binds.items() if not bind.required and name not in dict(defaults)}
            selected = getattr(self.statement, "selected_columns", None)  # a SELECT's; a write has none
            columns = tuple(selected) if selected is not None else ()
            positions = tuple(compiled.positiontup) if compiled.positional else None
            row = namedtuple("Row", list(selected.keys())) if selected is not None else None
            found = self._compiled[dialect.name] = _Compiled(compiled.string, positions, binds, literals, defaults,
                                                               columns, row)
        return found

    @property
    def selects(self) -> bool:
        return getattr(self.statement, "selected_columns", None) is not None

    def completed(self, dialect, values: Mapping[str, Any]) -> Mapping[str, Any]:
        """``values`` with what the Python-side defaults of the columns not given work out (an
        UPDATE's ``onupdate``), as a Core execution adds them; ``values`` itself when none."""
        defaults = self._for(dialect).defaults
        if not defaults:
            return values
        given = dict(values)
        for name, default in defaults:
            if name not in given:
                given[name] = default.arg(None) if default.is_callable else default.arg
        return given

    def parameters(self, dialect, values: Mapping[str, Any]) -> tuple[str, Any]:
        """The SQL text and the DBAPI parameters for ``values``."""
        compiled = self._for(dialect)
        merged = dict(compiled.literals)
        binds = compiled.binds
        for name, value in self.completed(dialect, values).items():
            merged[name] = binds[name](value) if name in binds else value
        if compiled.positions is None:
            return compiled.sql, merged
        return compiled.sql, tuple(merged[name] for name in compiled.positions)

    def learn(self, dialect, cursor) -> None:
        """Pick the columns' result processors by the type codes of the cursor that ran the
        statement (a PostgreSQL NUMERIC needs none: the driver gives a Decimal), at its first
        run: the description costs more than the statement on psycopg."""
        if dialect.name not in self._results:
            self._results[dialect.name] = tuple(
                c.type.dialect_impl(dialect).result_processor(dialect, column[1])
                for c, column in zip(self._for(dialect).columns, cursor.description, strict=True))

    def row(self, dialect, found: tuple | None):
        """A row the driver gave (after ``learn``), as a named tuple of the columns' values."""
        if found is None:
            return None
        return self._for(dialect).row(*(value if process is None else process(value)
                                        for process, value in zip(self._results[dialect.name], found, strict=True)))


class Sent(NamedTuple):
    """What a statement sent on the driver's cursor gave: the rows it matched, and those it selected."""

    rowcount: int
    rows: list[tuple]


def execute(connection: Connection, statement: OneStatement, values: Mapping[str, Any]) -> Sent:
    """Run ``statement`` with ``values`` in ``connection``'s transaction."""
    sql, parameters = statement.parameters(connection.dialect, values)
    return _send(connection, sql, parameters, many=False, selected_by=statement if statement.selects else None)


def rows(connection: Connection, statement: OneStatement, values: Mapping[str, Any]) -> list:
    """The rows (named tuples of its columns) a SELECT gives, in ``connection``'s transaction."""
    dialect = connection.dialect
    return [statement.row(dialect, found) for found in execute(connection, statement, values).rows]


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
    _send(connection, sql, parameters if many else parameters[0], many=many)


def _send(connection: Connection, sql: str, parameters, *, many: bool, selected_by: OneStatement | None = None) -> Sent:
    dialect = connection.dialect
    pooled = connection.connection
    cursor = pooled.cursor()
    try:
        if connection.dispatch.before_cursor_execute:
            connection.dispatch.before_cursor_execute(connection, cursor, sql, parameters, None, many)
        if many:
            cursor.executemany(sql, parameters)
        else:
            cursor.execute(sql, parameters)
        if selected_by is None:
            return Sent(cursor.rowcount, [])
        selected_by.learn(dialect, cursor)
        return Sent(cursor.rowcount, cursor.fetchall())
    except dialect.loaded_dbapi.Error as exc:
        lost = dialect.is_disconnect(exc, pooled.dbapi_connection, cursor)
        if lost:
            # As SQLAlchemy does: this connection and every one pooled before it are replaced (the
            # server dropped them all, most likely), so the unit of work's rerun starts afresh.
            connection.invalidate(exc)
            connection.engine.dispose(close=False)
        raise DBAPIError.instance(sql, parameters, exc, dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=dialect) from exc
    finally:
        if not connection.invalidated:
            cursor.close()


# -- statements shaped by the columns they are given ------------------------------------------------
_SHAPED: dict[tuple, OneStatement] = {}


def _shaped(key: tuple, build: Callable[[], Executable]) -> OneStatement:
    """The statement of this shape (``key``), built and compiled once."""
    found = _SHAPED.get(key)
    if found is None:
        found = _SHAPED[key] = OneStatement(build())
    return found


def insert_of(table: Table, columns: Iterable[str]) -> OneStatement:
    """``INSERT INTO table (columns) VALUES (:column, ...)``, built once per set of columns."""
    names = tuple(sorted(columns))
    return _shaped(("insert", table.name, names), lambda: insert(table).values({n: bindparam(n) for n in names}))


def update_of(table: Table, columns: Iterable[str]) -> OneStatement:
    """``UPDATE table SET column = :column, ... WHERE id = :key``, built once per set of columns."""
    names = tuple(sorted(columns))
    return _shaped(("update", table.name, names), lambda: update(table).where(table.c.id == bindparam("key"))
                   .values({n: bindparam(n) for n in names}))


def _rows_insert_of(table: Table, columns: tuple[str, ...], count: int) -> OneStatement:
    """``INSERT INTO table (columns) VALUES (...), (...)``: ``count`` rows, each bind named ``column_n``."""
    return _shaped(("insert rows", table.name, columns, count), lambda: insert(table).values(
        [{n: bindparam(f"{n}_{row}", type_=table.c[n].type) for n in columns} for row in range(count)]))


def insert_rows(connection: Connection, table: Table, rows: list[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into ``table`` by one multi-row INSERT per set of columns given (each row
    with its columns' Python-side defaults): one statement where an executemany of a few rows
    costs more (a pipeline on psycopg)."""
    dialect = connection.dialect
    for shape, same in _by_columns((values, values) for values in rows).items():
        completed = [insert_of(table, shape).completed(dialect, values) for values in same]
        columns = tuple(sorted(completed[0]))
        execute(connection, _rows_insert_of(table, columns, len(completed)),
                {f"{name}_{n}": values[name] for n, values in enumerate(completed) for name in columns})


def update_rows(connection: Connection, table: Table,
                rows: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Update each row (by its id: ``rows``' keys) with its values, one executemany per set of
    columns; each row's values as written, its columns' ``onupdate`` included."""
    dialect, written = connection.dialect, {}
    for shape, same in _by_columns((values, (key, values)) for key, values in rows.items()).items():
        statement = update_of(table, shape)
        written |= {key: statement.completed(dialect, values) for key, values in same}
        execute_many(connection, statement, [{"key": key, **written[key]} for key, _values in same])
    return written


def _by_columns(rows: Iterable[tuple[Mapping[str, Any], Any]]) -> dict[tuple[str, ...], list]:
    """Each row's second, grouped by the columns its first gives (sorted): one statement per group."""
    shapes: dict[tuple[str, ...], list] = {}
    for values, kept in rows:
        shapes.setdefault(tuple(sorted(values)), []).append(kept)
    return shapes
