"""Writes deferred to ride along a later statement (``shaped_writes.defer``): on PostgreSQL a
deferred write goes with the unit of work's next ``send``, in its statement; any other statement
sends it first, and so does the commit; a rolled-back unit of work forgets it; two writes that
could not see each other's rows in one statement (an UPDATE of a table another writes) go apart.
On SQLite a deferred write is sent at once."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from engine.db import shaped_writes
from engine.db.models import ProgressionLog, UserProgramState
from tests.support.statement_count import counting

LOGS, ENROLLMENTS = ProgressionLog.__table__, UserProgramState.__table__


def a_log(user_id: str, enrollment_id: str, key: str) -> dict:
    return {"user_id": user_id, "user_program_state_id": enrollment_id, "lift_slug": "squat", "slot": "a",
            "idempotency_key": key, "new_weight": Decimal(100)}


def writes_of(sent) -> list[str]:
    return [s for s in sent.statements if s.lstrip().startswith(("INSERT", "UPDATE", "WITH"))]


def logged_keys(connection) -> list[str]:
    return sorted(connection.execute(select(LOGS.c.idempotency_key)).scalars())


def on_postgresql(services) -> bool:
    return services.db.dialect.name == "postgresql"


def test_a_deferred_insert_rides_along_the_next_send(services, user_id, enrolled):
    dialect = services.db.dialect
    with services.uow() as uow, counting(services.db) as sent:
        connection = uow.session.connection()
        [log] = shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, "rides")])
        shaped_writes.defer(connection, log)
        before = len(writes_of(sent))
        [week] = shaped_writes.update_writes(dialect, ENROLLMENTS, {enrolled: {"current_week": 2}})[0]
        counts = shaped_writes.send(connection, [week])
        uow.commit()
    assert counts == [1]  # the count of the writes sent, not of the one that rode along
    assert before == (0 if on_postgresql(services) else 1)
    assert len(writes_of(sent)) == (1 if on_postgresql(services) else 2)
    with services.uow() as uow:
        assert logged_keys(uow.session.connection()) == ["rides"]


def test_any_other_statement_and_the_commit_send_what_was_deferred_first(services, user_id, enrolled):
    dialect = services.db.dialect
    with services.uow() as uow:
        connection = uow.session.connection()
        shaped_writes.defer(connection, *shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, "read")]))
        seen = logged_keys(connection)  # a read sees the write deferred ahead of it
        shaped_writes.defer(connection, *shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, "kept")]))
        uow.commit()
    assert seen == ["read"]
    with services.uow() as uow:
        assert logged_keys(uow.session.connection()) == ["kept", "read"]


def test_a_unit_of_work_rolled_back_forgets_what_it_deferred(services, user_id, enrolled):
    dialect = services.db.dialect
    with services.uow() as uow:
        connection = uow.session.connection()
        shaped_writes.defer(connection, *shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, "gone")]))
    with services.uow() as uow, counting(services.db) as sent:
        found = logged_keys(uow.session.connection())
        uow.commit()
    assert found == [] and writes_of(sent) == []


def test_updates_of_one_table_never_go_in_one_statement(services, enrolled):
    """PostgreSQL would apply one of two UPDATEs of a row in one statement: the second deferred
    UPDATE sends the first, and a send that updates a table a deferred write updates goes after it."""
    dialect = services.db.dialect

    def week(number: int) -> shaped_writes.Write:
        return shaped_writes.update_writes(dialect, ENROLLMENTS, {enrolled: {"current_week": number}})[0][0]

    with services.uow() as uow, counting(services.db) as sent:
        connection = uow.session.connection()
        shaped_writes.defer(connection, week(2))
        shaped_writes.defer(connection, week(3))
        counts = shaped_writes.send(connection, [week(4)])
        uow.commit()
    assert counts == [1] and len(writes_of(sent)) == 3
    with services.uow() as uow:
        found = uow.session.connection().execute(select(ENROLLMENTS.c.current_week)
                                                 .where(ENROLLMENTS.c.id == enrolled)).scalar()
    assert found == 4
