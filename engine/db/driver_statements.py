"""Core statements compiled once per dialect and sent on the driver's own cursor.

SQLAlchemy's per-execution work (cache key, execution context, result object, on PostgreSQL the
cursor's description) costs more than the database's own work on the hot statements: a hot
read's SELECT (``engine/db/single_read.py``), and a write's INSERTs, UPDATEs and locked reads
(``engine/db/row_writes.py``, ``logged_sets.py``, ``progressions.py``, the record bests). A
``OneStatement`` keeps what that work would redo each time: the SQL text, the columns' bind and
result processors. ``execute`` and ``rows`` run one in a Connection's transaction and keep what
SQLAlchemy does around a statement: listeners of ``before_cursor_execute`` on the engine see it
(the statement-count tests, the benchmarks), a failure is raised wrapped as SQLAlchemy wraps it
(``engine.db.failures`` reads those), and a connection the server dropped is invalidated with
every one pooled before it (its unit of work is rerun). The columns' Python-side defaults (an
INSERT's ``default``, an UPDATE's ``onupdate``) are worked out per run, as SQLAlchemy's execution
context works them out.

On psycopg a statement goes with PostgreSQL's own ``$1`` placeholders, worked out once from the
compiled text, on a ``RawCursor`` kept with its connection: psycopg then parses no query on each
execution (its ``%(name)s`` conversion), and the cursor's adapters are kept between statements.
A command's transaction begins with its first statement, in the same round trip, and reads may go
along a statement (``engine/db/driver_cursor.py``).
Several writes sent as one statement there are joined from their own compiled texts, each one's
binds renamed apart (``Composed``, ``Prefixed``), not compiled again for each combination.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Executable

from .driver_cursor import (
    Sent,
    cursor_of,
    dispatched,
    forget_cursor,
    keep_read,
    kept_cursor,
    literal,
    needs_begin,
    numbered_placeholders,
    send_together,
    take_read,
    unprepared,
)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    positions: tuple[str, ...] | None  # the bind names in order (qmark, $n), None when named (pyformat)
    binds: dict[str, Callable[[Any], Any]]  # bind name -> its type's processor, where it has one
    literals: dict[str, Any]  # the values the statement carries itself (a JSON path...), processed once
    defaults: tuple[tuple[str, Any], ...]  # bind name -> its column's Python-side default, worked out per run
    columns: tuple[Any, ...]  # a SELECT's columns
    row: type | None  # a SELECT's row (a named tuple of its columns); None for a write
    text: str  # the compiled text, its placeholders as the dialect compiled them (``Composed`` joins these)


class OneStatement:
    """A Core statement (a hot read's SELECT, an INSERT) compiled once per dialect, whose every
    bind is a ``bindparam`` given by name, run on a DBAPI cursor."""

    def __init__(self, statement: Executable, *, returning: bool = False) -> None:
        self.statement = statement
        self._returning = returning  # a write's RETURNING (SQLAlchemy keeps no sure sign of it on a copy)
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
            row = namedtuple("Row", list(selected.keys())) if selected is not None else None
            positions = compiled.positiontup if compiled.positional else None
            found = self._compiled[dialect.name] = _compiled(dialect, compiled.string, binds, literals, defaults,
                                                             columns, row, positions)
        return found

    @property
    def selects(self) -> bool:
        return getattr(self.statement, "selected_columns", None) is not None

    @property
    def returns(self) -> bool:
        """Whether it gives rows: a SELECT, or a write with RETURNING."""
        return self._returning or self.selects

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


def _compiled(dialect, text: str, binds: dict, literals: dict, defaults: tuple, columns: tuple, row: type | None,
              positions: Sequence[str] | None = None) -> _Compiled:
    sql, positions = text, tuple(positions) if positions is not None else None
    if positions is None and numbered_placeholders(dialect):
        sql, positions = _numbered(sql)
    return _Compiled(sql, positions, binds, literals, defaults, columns, row, text)


class Composed(OneStatement):
    """A write made of others (a data-modifying WITH of several, ``shaped_writes.along``), its text
    joined from their compiled texts by ``compose``, and their binds, literals and defaults put
    together (their bind names apart): SQLAlchemy's compiler, some milliseconds for a WITH of a
    finish's writes, runs only for each part, once, however many combinations of them a worker
    sends. Named placeholders only (PostgreSQL's), where texts can be joined."""

    def __init__(self, parts: Sequence[OneStatement], compose: Callable[[list[str]], str], *,
                 returning: bool = False) -> None:
        super().__init__(parts[-1].statement, returning=returning)
        self._parts, self._compose = tuple(parts), compose

    def _for(self, dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            _named_only(dialect)
            compiled = [part._for(dialect) for part in self._parts]
            binds, literals, defaults = {}, {}, ()
            for part in compiled:
                if binds.keys() & part.binds.keys() or literals.keys() & part.literals.keys():
                    raise ValueError("the parts of a composed statement share a bind name")
                binds, literals, defaults = binds | part.binds, literals | part.literals, defaults + part.defaults
            found = self._compiled[dialect.name] = _compiled(
                dialect, self._compose([part.text for part in compiled]), binds, literals, defaults, (), None)
        return found


class Prefixed(OneStatement):
    """``statement`` with every bind's name after ``prefix`` (a write riding along others in one
    ``Composed``, its names apart from theirs): its compiled text and binds renamed, not compiled
    again. Named placeholders only (PostgreSQL's)."""

    def __init__(self, statement: OneStatement, prefix: str) -> None:
        super().__init__(statement.statement, returning=statement._returning)
        self._base, self._prefix = statement, prefix

    def _for(self, dialect) -> _Compiled:
        found = self._compiled.get(dialect.name)
        if found is None:
            _named_only(dialect)
            base, prefix = self._base._for(dialect), self._prefix
            text = _PYFORMAT.sub(lambda match: "%%" if match.group(1) is None else f"%({prefix}{match.group(1)})s",
                                 base.text)
            found = self._compiled[dialect.name] = _compiled(
                dialect, text, {prefix + name: bind for name, bind in base.binds.items()},
                {prefix + name: value for name, value in base.literals.items()},
                tuple((prefix + name, default) for name, default in base.defaults), base.columns, base.row)
        return found


def _named_only(dialect) -> None:
    if dialect.paramstyle != "pyformat":  # what _PYFORMAT reads
        raise ValueError(f"only pyformat placeholders are renamed and joined, not {dialect.paramstyle}")


def execute(connection: Connection, statement: OneStatement, values: Mapping[str, Any]) -> Sent:
    """Run ``statement`` with ``values`` in ``connection``'s transaction."""
    sql, parameters = statement.parameters(connection.dialect, values)
    return _send(connection, sql, parameters, statement if statement.returns else None)


def rows(connection: Connection, statement: OneStatement, values: Mapping[str, Any],
         along: Sequence[tuple[OneStatement, Mapping[str, Any]]] = ()) -> list:
    """The rows (named tuples of its columns) a SELECT gives, in ``connection``'s transaction.
    The reads ``along`` (SELECTs, with their values) go in its round trip on psycopg when it
    begins its transaction, each its own statement after it: their rows are kept for the next
    ``rows`` that asks for them, if nothing else was sent before (``driver_cursor.take_read``).
    Else they are not sent."""
    dialect = connection.dialect
    sql, parameters = statement.parameters(dialect, values)
    sent = take_read(connection.connection, sql, parameters)
    if sent is None:
        riders = [(read, *read.parameters(dialect, read_values)) for read, read_values in along]
        sent = _send(connection, sql, parameters, statement, riders)
    return [statement.row(dialect, found) for found in sent.rows]


def _send(connection: Connection, sql: str, parameters, returned_by: OneStatement | None = None,
          riders: Sequence[tuple[OneStatement, str, Any]] = ()) -> Sent:
    dialect = connection.dialect
    pooled = connection.connection
    cursor = cursor_of(dialect, pooled)
    try:
        if connection.dispatch.before_cursor_execute:
            dispatched(connection, cursor, sql, parameters)
        riders = _executed(connection, cursor, sql, parameters, riders)
        if returned_by is None:
            return Sent(cursor.rowcount, [])
        sent = _fetched(dialect, cursor, returned_by)
        for read, read_sql, read_parameters in riders:
            cursor.nextset()
            keep_read(pooled, read_sql, read_parameters, _fetched(dialect, cursor, read))
        return sent
    except dialect.loaded_dbapi.Error as exc:
        forget_cursor(pooled)  # the next statement's is made afresh
        lost = dialect.is_disconnect(exc, pooled.dbapi_connection, cursor) or unprepared(exc, pooled)
        if lost:
            # As SQLAlchemy does: this connection and every one pooled before it are replaced (the
            # server dropped them all, most likely), so the unit of work's rerun starts afresh.
            connection.invalidate(exc)
            connection.engine.dispose(close=False)
        raise DBAPIError.instance(sql, parameters, exc, dialect.loaded_dbapi.Error,
                                  connection_invalidated=lost, dialect=dialect) from exc
    finally:
        if not connection.invalidated and not kept_cursor(pooled):
            cursor.close()


def _executed(connection: Connection, cursor, sql: str, parameters,
              riders: Sequence[tuple[OneStatement, str, Any]]) -> Sequence[tuple[OneStatement, str, Any]]:
    """Execute the statement. One that begins its transaction goes in one round trip with the BEGIN
    and the reads riding along (``driver_cursor.send_together``); the riders it sent."""
    begins = needs_begin(connection)
    if begins and literal(parameters):
        riders = [rider for rider in riders if literal(rider[2])]
        for _, read_sql, values in riders if connection.dispatch.before_cursor_execute else ():
            dispatched(connection, cursor, read_sql, values)  # each a statement of its own, seen as one
        send_together(cursor, connection.connection, [(sql, parameters), *((s, v) for _, s, v in riders)])
        return riders
    if begins:
        cursor.execute(b"BEGIN", prepare=False)
    cursor.execute(sql, parameters)
    return ()


def _fetched(dialect, cursor, statement: OneStatement) -> Sent:
    if statement.selects:
        statement.learn(dialect, cursor)
    return Sent(cursor.rowcount, cursor.fetchall())


_PYFORMAT = re.compile(r"%%|%\((\w+)\)s")


def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """pyformat SQL (``%(name)s``, ``%%``) with ``$n`` placeholders, one number per name, and the
    names in their numbers' order: what psycopg works out from the query on each execution."""
    numbers: dict[str, int] = {}

    def placeholder(match: re.Match) -> str:
        name = match.group(1)
        return "%" if name is None else f"${numbers.setdefault(name, len(numbers) + 1)}"

    return _PYFORMAT.sub(placeholder, sql), tuple(numbers)
