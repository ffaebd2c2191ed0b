"""Statements sent on the driver's cursor (``engine/db/driver_statements.py``) do what SQLAlchemy's
Core execution does with them: the columns' Python-side defaults worked out per run (an INSERT's
``default``, an UPDATE's ``onupdate``), typed values read back (a NUMERIC as a Decimal on both
engines), several rows in one multi-row INSERT, rows updated by id, the statements counted; and
writes sent together (``engine/db/shaped_writes.py``), one statement on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import bindparam, literal_column, or_, select

from engine.db import driver_statements as driver, shaped_writes
from engine.db.models import LoggedSet, ProgressionLog, UserProgramState
from tests.support.statement_count import counting

SETS, LOGS, ENROLLMENTS = LoggedSet.__table__, ProgressionLog.__table__, UserProgramState.__table__
_WEIGHTS = driver.OneStatement(select(SETS.c.id, SETS.c.weight, SETS.c.warmup, SETS.c.logged_at)
                               .where(SETS.c.user_id == bindparam("key")).order_by(SETS.c.reps))


def a_set(user_id: str, reps: int, weight: str) -> dict:
    # No id, logged_at nor warmup: their defaults are the statement's to work out.
    return {"user_id": user_id, "session_id": "legacy-1", "lift_slug": "squat", "weight": Decimal(weight), "unit": "kg",
            "reps": reps}


def test_an_insert_works_out_its_defaults_and_a_select_reads_typed_values(services, user_id):
    with services.uow() as uow:
        connection = uow.session.connection()
        for reps, weight in ((5, "102.5"), (3, "110.25")):
            values = a_set(user_id, reps, weight)
            driver.execute(connection, shaped_writes.insert_of(SETS, values), values)
        found = driver.rows(connection, _WEIGHTS, {"key": user_id})
        uow.commit()
    assert [r.weight for r in found] == [Decimal("110.25"), Decimal("102.5")]
    assert all(isinstance(r.weight, Decimal) for r in found)
    assert len({r.id for r in found}) == 2 and all(len(r.id) == 36 for r in found)  # a new id each
    assert [r.warmup for r in found] == [False, False]
    assert all(isinstance(r.logged_at, datetime) for r in found)


def test_rows_go_in_one_insert_and_are_updated_by_id(services, user_id, enrolled):
    logs = [{"user_id": user_id, "user_program_state_id": enrolled, "lift_slug": "squat", "slot": slot,
             "idempotency_key": f"key-{slot}", "new_weight": Decimal(100)} for slot in ("a", "b", "c")]
    with services.uow() as uow, counting(services.db) as sent:
        connection = uow.session.connection()
        shaped_writes.insert_rows(connection, LOGS, logs)
        before = connection.execute(select(ENROLLMENTS.c.updated_at).where(ENROLLMENTS.c.id == enrolled)).scalar()
        shaped_writes.update_rows(connection, ENROLLMENTS, {enrolled: {"current_week": 2}})
        written = connection.execute(select(LOGS.c.id, LOGS.c.applied_at, LOGS.c.slot)).all()
        after = connection.execute(select(ENROLLMENTS.c.current_week, ENROLLMENTS.c.updated_at)
                                   .where(ENROLLMENTS.c.id == enrolled)).one()
        uow.commit()
    assert len([s for s in sent.statements if s.startswith("INSERT INTO progression_logs")]) == 1
    assert sorted(r.slot for r in written) == ["a", "b", "c"]
    assert len({r.id for r in written}) == 3 and all(r.applied_at is not None for r in written)
    assert after.current_week == 2 and after.updated_at > before  # the onupdate worked out


def test_writes_sent_together_count_each_one_and_go_as_one_statement_on_postgresql(services, user_id, enrolled):
    """``shaped_writes.send``: several rows updated by one CASE, an INSERT riding along, each
    write's count given back (a write matching no row counts 0), in one statement on PostgreSQL."""
    dialect = services.db.dialect
    logs = [{"user_id": user_id, "user_program_state_id": enrolled, "lift_slug": "squat", "slot": slot,
             "idempotency_key": f"sent-{slot}", "new_weight": Decimal(100)} for slot in ("a", "b")]
    with services.uow() as uow, counting(services.db) as sent:
        connection = uow.session.connection()
        inserted = shaped_writes.insert_writes(dialect, LOGS, logs)
        updates, _written = shaped_writes.update_writes(
            dialect, ENROLLMENTS, {enrolled: {"current_week": 3}, "no-such-enrollment": {"current_week": 3}})
        counts = shaped_writes.send(connection, [*inserted, *updates])
        found = connection.execute(select(LOGS.c.slot)).scalars().all()
        week = connection.execute(select(ENROLLMENTS.c.current_week).where(ENROLLMENTS.c.id == enrolled)).scalar()
        uow.commit()
    assert counts == [2, 1]  # both log rows; of the two enrollments named, the one that exists
    assert sorted(found) == ["a", "b"] and week == 3
    writes = [s for s in sent.statements if s.lstrip().startswith(("INSERT", "UPDATE", "WITH"))]
    assert len(writes) == (1 if dialect.name == "postgresql" else 2)


def test_a_statement_naming_a_bind_twice_with_a_percent_sign_in_its_text_runs_on_both_engines(services, user_id,
                                                                                              enrolled):
    """On psycopg the statement goes with PostgreSQL's own ``$n`` placeholders (a RawCursor): a
    bind named twice is one number, and a ``%`` of the SQL text stays itself."""
    statement = driver.OneStatement(
        select(ENROLLMENTS.c.id, ENROLLMENTS.c.program_slug)
        .where(or_(ENROLLMENTS.c.id == bindparam("key"), ENROLLMENTS.c.user_id == bindparam("key")))
        .where(ENROLLMENTS.c.program_slug.like(literal_column("'%-linear'"))))
    with services.uow() as uow:
        connection = uow.session.connection()
        by_id = driver.rows(connection, statement, {"key": enrolled})
        by_user = driver.rows(connection, statement, {"key": user_id})
        by_neither = driver.rows(connection, statement, {"key": "nobody"})
    assert [(r.id, r.program_slug) for r in by_id] == [(enrolled, "tiny-linear")]
    assert by_user == by_id and by_neither == []
    sql, _parameters = statement.parameters(services.db.dialect, {"key": enrolled})
    if services.db.dialect.name == "postgresql":
        assert sql.count("$1") == 2 and "$2" not in sql and "LIKE '%-linear'" in sql
