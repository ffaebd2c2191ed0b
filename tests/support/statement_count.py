"""Count the SQL statements and transactions of a block of code, end to end (one HTTP request,
authentication included): SQLAlchemy's ``before_cursor_execute`` and ``begin`` events on the
engine. Transaction control (BEGIN, COMMIT, SAVEPOINT...) is counted as transactions, not as
statements: PostgreSQL's BEGIN never reaches a cursor, SQLite's does.

    with counting(services.db) as counted:
        client.get(...)
    assert len(counted.statements) <= 2 and counted.transactions == 1
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@dataclass
class Counted:
    statements: list[str] = field(default_factory=list)
    transactions: int = 0


@contextmanager
def counting(engine: Engine) -> Iterator[Counted]:
    counted = Counted()

    def statement(conn, cursor, sql, parameters, context, executemany) -> None:
        if not sql.lstrip().upper().startswith(TRANSACTION_CONTROL):
            counted.statements.append(sql)

    def begin(conn) -> None:
        counted.transactions += 1

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", begin)
    try:
        yield counted
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", begin)
