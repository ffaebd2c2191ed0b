"""Insert-or-ignore and insert-or-update in each dialect's own ``ON CONFLICT`` form.

Start-up mirrors the specs into the database from every process that starts (several servers,
a reloading master). A read-then-insert lets two of them insert the same key; an ``ON CONFLICT``
insert is one statement that waits for the other writer and then leaves its row alone, so any
number of processes may run it at once. Rows are written in key order: two writers lock the same
keys in the same order and cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Session

# dialect name -> that dialect's INSERT with on_conflict_do_nothing / on_conflict_do_update
INSERTS: dict[str, Callable[..., Any]] = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}

Row = Mapping[str, Any]


def insert_or_ignore(session: Session, model: type[DeclarativeBase], rows: Iterable[Row], *, key: str) -> int:
    """Insert the rows whose ``key`` is not taken yet; how many were inserted."""
    ordered = _in_key_order(rows, key)
    if not ordered:
        return 0
    statement = _insert(session, model).values(ordered).on_conflict_do_nothing(index_elements=[key])
    return _execute(session, statement)


def insert_or_update(session: Session, model: type[DeclarativeBase], rows: Iterable[Row], *, key: str) -> int:
    """Insert each row, or update the other columns of the row holding its ``key`` where they
    differ (an unchanged row is not rewritten); how many rows were inserted or changed."""
    ordered = _in_key_order(rows, key)
    if not ordered:
        return 0
    statement = _insert(session, model).values(ordered)
    columns = [name for name in ordered[0] if name != key]
    statement = statement.on_conflict_do_update(
        index_elements=[key],
        set_={name: statement.excluded[name] for name in columns},
        where=or_(*(getattr(model, name) != statement.excluded[name] for name in columns)),
    )
    return _execute(session, statement)


def _insert(session: Session, model: type[DeclarativeBase]):
    dialect = session.get_bind().dialect.name
    try:
        return INSERTS[dialect](model)
    except KeyError:
        raise NotImplementedError(f"no ON CONFLICT insert for the {dialect!r} dialect") from None


def _execute(session: Session, statement) -> int:
    # SQLAlchemy reports an INSERT's rowcount only when asked to keep it.
    return session.execute(statement.execution_options(preserve_rowcount=True)).rowcount


def _in_key_order(rows: Iterable[Row], key: str) -> list[Row]:
    return sorted(rows, key=lambda row: row[key])
