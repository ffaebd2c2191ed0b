"""Writes shaped by the columns they are given, compiled once per shape, and sent together.

A hot command's INSERTs and UPDATEs are Core statements on the driver's cursor
(``engine/db/driver_statements.py``), built here once per shape: the columns given and, for
several rows, how many (``insert_of``, ``update_of``, and the ``Write``s of ``insert_writes``
and ``update_writes``). Several rows go in one statement, a multi-row INSERT or an UPDATE by
``CASE``, where an executemany of a few rows costs more (a pipeline on psycopg).

``send`` runs writes in their order. On PostgreSQL it sends them as one statement, one round
trip: every write but the last in a data-modifying WITH of the last (``along``), which returns
how many rows each UPDATE wrote (an INSERT writes all its rows or fails). The writes of one
``send`` touch different rows: a statement's WITH parts see one snapshot, not each other's
changes, and PostgreSQL applies only one of two updates of a row in one statement. None
references a row another inserts (a foreign key is checked when the whole statement ends, so that
would do too, but nothing needs it).

``defer`` keeps a write back to go with the next ``send``: on PostgreSQL one round trip fewer
(a log-set's INSERT, a finish's progressions). Writes that would not see each other's rows in one
statement (an UPDATE of a table another of them writes) go apart, in their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import Connection, Table, bindparam, case, insert, update
from sqlalchemy.sql import Executable

from .driver_cursor import forget_reads
from .driver_statements import Composed, OneStatement, Prefixed, execute

_SHAPED: dict[tuple, OneStatement] = {}
_DEFERRED = "powerpro.deferred"  # a connection's info: the writes ``defer`` kept for its next ``send``


def _shaped(key: tuple, build: Callable[[], Executable | OneStatement], *, returning: bool = False) -> OneStatement:
    """The statement of this shape (``key``), made once: built and compiled, or put together
    (``build`` gives a ``OneStatement`` of its own: ``Composed``, ``Prefixed``)."""
    found = _SHAPED.get(key)
    if found is None:
        built = build()
        found = _SHAPED[key] = built if isinstance(built, OneStatement) else OneStatement(built, returning=returning)
    return found


@dataclass(frozen=True)
class Write:
    """One INSERT or UPDATE to send: its statement with every bind's name after a prefix (a
    write riding along another is named apart), its values by unprefixed name, and the rows it
    must write."""

    statement: Callable[[str], OneStatement]
    values: Mapping[str, Any]
    rows: int

    @property
    def written(self) -> tuple[str, bool]:
        """The table it writes, and whether it updates (else inserts)."""
        core = self.statement("").statement
        return core.table.name, core.is_update


def defer(connection: Connection, write: Write) -> None:
    """``write`` sent with the next ``send`` of ``connection``'s transaction, in its statement, on
    PostgreSQL (a round trip saved: a log-set's set goes with its workout's answer, a finish's
    progressions with its enrollment's); any other statement sent first sends it before itself
    (``send_deferred``), and so does the commit. Else it is sent now."""
    if connection.dialect.name != "postgresql":
        send(connection, [write])
        return
    forget_reads(connection)  # the rows of reads sent along do not show it
    if _overlap(connection.info.get(_DEFERRED, ()), [write]):
        send_deferred(connection)
    connection.info.setdefault(_DEFERRED, []).append(write)


def send_deferred(connection: Connection | None, *_statement) -> None:
    """Send what ``defer`` kept, if anything; a ``before_cursor_execute`` listener of every
    PostgreSQL engine (``engine/db/connection.py``), so no statement runs before the writes
    deferred ahead of it."""
    if connection is not None and connection.info.get(_DEFERRED):
        send(connection, [])


def forget_deferred(connection: Connection) -> None:
    """A transaction's end: what was deferred and not sent is forgotten (an invalidated
    connection's go with it: the pool clears its info)."""
    if not connection.invalidated:
        connection.info.pop(_DEFERRED, None)


def send(connection: Connection, writes: Sequence[Write]) -> list[int]:
    """Run ``writes`` in their order in ``connection``'s transaction (on PostgreSQL as one
    statement, after the writes deferred until then); how many rows each wrote."""
    deferred = connection.info.pop(_DEFERRED, [])
    if deferred and _overlap(deferred, writes):
        send(connection, deferred)
    elif deferred:
        return send(connection, [*deferred, *writes])[len(deferred):]
    if len(writes) < 2 or connection.dialect.name != "postgresql":
        return [execute(connection, write.statement(""), dict(write.values)).rowcount for write in writes]
    *riders, last = writes
    parameters = dict(last.values)
    for n, rider in enumerate(riders):
        parameters.update({f"rider{n}_{name}": value for name, value in rider.values.items()})
    shaped = [rider.statement(f"rider{n}_") for n, rider in enumerate(riders)]
    sent = execute(connection, along(last.statement(""), shaped), parameters)
    # An INSERT writes every row it is given or fails: only an UPDATE's count is asked for.
    counts = iter(sent.rows[0] if sent.rows else ())
    return [rider.rows if _inserts(one) else next(counts, 0) for rider, one in zip(riders, shaped, strict=True)] + [
        sent.rowcount]


def _overlap(first: Sequence[Write], then: Sequence[Write]) -> bool:
    """Whether ``then`` writes a table ``first`` writes, one of them by an UPDATE: in one
    statement neither would see the other's rows (nor could a row be updated twice)."""
    earlier = {write.written for write in first}
    return any((table, True) in earlier or (updates and (table, False) in earlier)
               for table, updates in (write.written for write in then))


def along(main: OneStatement, riders: Sequence[OneStatement]) -> OneStatement:
    """``main`` with each rider (an INSERT or UPDATE, its binds named apart) in a data-modifying
    WITH, returning how many rows each UPDATE among them wrote: one row, when ``main`` wrote one
    and an UPDATE rides along. Made once per combination, of the parts' compiled texts
    (``Composed``): a finish's writes come in many combinations, each a compiler run otherwise."""
    counted = [n for n, rider in enumerate(riders) if not _inserts(rider)]

    def compose(texts: list[str]) -> str:
        *rider_texts, main_text = texts
        withs = ", ".join(f"rider_{n} AS ({text}{' RETURNING 1' if n in counted else ''})"
                          for n, text in enumerate(rider_texts))
        returning = ", ".join(f"(SELECT count(*) FROM rider_{n})" for n in counted)
        return f"WITH {withs} {main_text}" + (f" RETURNING {returning}" if counted else "")
    return _shaped(("along", main, *riders), lambda: Composed([*riders, main], compose, returning=bool(counted)))


def _inserts(statement: OneStatement) -> bool:
    return statement.statement.is_insert


def insert_of(table: Table, columns: Iterable[str]) -> OneStatement:
    """``INSERT INTO table (columns) VALUES (:column, ...)``, built once per set of columns."""
    names = tuple(sorted(columns))
    return _shaped(("insert", table.name, names), lambda: insert(table).values({n: bindparam(n) for n in names}))


def update_of(table: Table, columns: Iterable[str], prefix: str = "") -> OneStatement:
    """``UPDATE table SET column = :column, ... WHERE id = :key``, each bind's name after
    ``prefix``, built once per set of columns."""
    names = tuple(sorted(columns))
    return _named_after(prefix, _shaped(("update", table.name, names), lambda: update(table).where(
        table.c.id == bindparam("key")).values({n: bindparam(n) for n in names})))


def insert_rows(connection: Connection, table: Table, rows: list[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into ``table``: ``send`` of their ``insert_writes``."""
    send(connection, insert_writes(connection.dialect, table, rows))


def update_rows(connection: Connection, table: Table,
                rows: Mapping[str, Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    """Update each row by its id: ``send`` of their ``update_writes``; each row's values as written."""
    writes, written = update_writes(connection.dialect, table, rows)
    send(connection, writes)
    return written


def insert_writes(dialect, table: Table, rows: list[Mapping[str, Any]]) -> list[Write]:
    """The INSERT of ``rows``, each with its columns' Python-side defaults: one multi-row INSERT
    per set of columns given."""
    writes = []
    for shape, same in _by_columns((values, values) for values in rows).items():
        completed = [insert_of(table, shape).completed(dialect, values) for values in same]
        columns = tuple(sorted(completed[0]))
        writes.append(Write(partial(_rows_insert_of, table, columns, len(completed)),
                            {f"{name}_{n}": values[name] for n, values in enumerate(completed) for name in columns},
                            len(completed)))
    return writes


def _rows_insert_of(table: Table, columns: tuple[str, ...], count: int, prefix: str) -> OneStatement:
    """``INSERT INTO table (columns) VALUES (...), (...)``: ``count`` rows, each bind named
    ``column_n`` after ``prefix``."""
    return _named_after(prefix, _shaped(("insert rows", table.name, columns, count), lambda: insert(table).values(
        [{n: bindparam(f"{n}_{row}", type_=table.c[n].type) for n in columns} for row in range(count)])))


def update_writes(dialect, table: Table,
                  rows: Mapping[str, Mapping[str, Any]]) -> tuple[list[Write], dict[str, Mapping[str, Any]]]:
    """The UPDATE of each row (by its id: ``rows``' keys) with its values, one statement per set
    of columns; and each row's values as written, its columns' ``onupdate`` included."""
    writes, written = [], {}
    for shape, same in _by_columns((values, (key, values)) for key, values in rows.items()).items():
        completed = {key: update_of(table, shape).completed(dialect, values) for key, values in same}
        written |= completed
        if len(completed) == 1:  # the statement of the columns given sets the onupdate ones too
            [(key, values)] = completed.items()
            writes.append(Write(partial(update_of, table, shape), {"key": key, **values}, 1))
            continue
        columns = tuple(sorted(next(iter(completed.values()))))
        parameters = {f"key_{n}": key for n, key in enumerate(completed)}
        parameters |= {f"{name}_{n}": values[name] for n, values in enumerate(completed.values()) for name in columns}
        writes.append(Write(partial(_rows_update_of, table, columns, len(completed)), parameters, len(completed)))
    return writes, written


def _rows_update_of(table: Table, columns: tuple[str, ...], count: int, prefix: str) -> OneStatement:
    """``UPDATE table SET column = CASE WHEN id = :key_0 THEN :column_0 ... END ... WHERE id IN
    (:key_0, ...)``: ``count`` rows by their ids, each bind named ``column_n`` after ``prefix``."""
    def build() -> Executable:
        keys = [bindparam(f"key_{row}", type_=table.c.id.type) for row in range(count)]
        return update(table).where(table.c.id.in_(keys)).values({name: case(
            *((table.c.id == keys[row], bindparam(f"{name}_{row}", type_=table.c[name].type))
              for row in range(count))) for name in columns})
    return _named_after(prefix, _shaped(("update rows", table.name, columns, count), build))


def _named_after(prefix: str, statement: OneStatement) -> OneStatement:
    """``statement`` with every bind's name after ``prefix`` (a write riding along another's):
    its compiled text renamed (``Prefixed``), not compiled again."""
    if not prefix:
        return statement
    return _shaped(("prefixed", statement, prefix), lambda: Prefixed(statement, prefix))


def _by_columns(rows: Iterable[tuple[Mapping[str, Any], Any]]) -> dict[tuple[str, ...], list]:
    """Each row's second, grouped by the columns its first gives (sorted): one statement per group."""
    shapes: dict[tuple[str, ...], list] = {}
    for values, kept in rows:
        shapes.setdefault(tuple(sorted(values)), []).append(kept)
    return shapes
