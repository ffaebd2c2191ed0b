"""Reads sent along another statement (``driver_statements.rows(..., along)``, ``driver_cursor``):
on PostgreSQL they go in its round trip when it begins its transaction, each a statement of its
own after it, prepared before the BEGIN (a PREPARE that failed within the transaction would abort
it), and their rows are served to the next ``rows`` that asks for them, once, while nothing else
was sent. On SQLite each read is its own statement. A finish sends its session rules' reads
along its first statement."""

from __future__ import annotations

from decimal import Decimal
from itertools import count

import pytest
from sqlalchemy import bindparam, literal, select, text, update

from engine.commands import FinishWorkout, StartWorkout
from engine.db import driver_statements as driver, progressions, shaped_writes
from engine.db.connection import rerun_on_loss
from engine.db.models import ProgressionState, UserProgramState
from tests.engine.support import log_all
from tests.support.statement_count import counting

ENROLLMENTS, SLOTS = UserProgramState.__table__, ProgressionState.__table__
_FRESH = count()


def statements() -> tuple[driver.OneStatement, driver.OneStatement]:
    """An enrollment's row and its slots' weights: statements of a text no connection has
    prepared yet (each call its own)."""
    n = next(_FRESH)
    row = select(ENROLLMENTS.c.id, ENROLLMENTS.c.current_week, literal(n).label("n"))
    slots = select(SLOTS.c.slot, SLOTS.c.weight, literal(n).label("n"))
    return (driver.OneStatement(row.where(ENROLLMENTS.c.id == bindparam("key"))),
            driver.OneStatement(slots.where(SLOTS.c.user_program_state_id == bindparam("key")).order_by(SLOTS.c.slot)))


def weights(rows) -> dict[str, Decimal]:
    return {row.slot: row.weight for row in rows}


def read_along(services, enrolled: str, row, slots):
    """In a unit of work of its own: the enrollment's row, its slots' read along; the slots asked for next."""
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        [found] = driver.rows(connection, row, {"key": enrolled}, [(slots, {"key": enrolled})])
        return found, driver.rows(connection, slots, {"key": enrolled})


def test_every_engine_gives_a_read_along_the_rows_of_its_own_statement(services, enrolled):
    row, slots = statements()
    with counting(services.db) as counted:
        found, along = read_along(services, enrolled, row, slots)
    with services.uow() as uow:
        alone = driver.rows(uow.session.connection(), slots, {"key": enrolled})
    assert found.id == enrolled
    assert weights(along) == weights(alone) == {"bench-press": Decimal(80), "squat": Decimal(100)}
    # Each is a statement (the listeners of every engine see both); on PostgreSQL in one round trip.
    assert len([s for s in counted.statements if s.lstrip().startswith("SELECT")]) == 2


pytestmark_postgres = pytest.mark.parametrize(
    "migrated_url", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True)


@pytestmark_postgres
def test_a_read_along_goes_in_its_carriers_round_trip_and_is_served_once(services, enrolled, sent):
    row, slots = statements()
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        driver.rows(connection, row, {"key": enrolled}, [(slots, {"key": enrolled})])
        carried = len(sent)
        first = driver.rows(connection, slots, {"key": enrolled})
        served = len(sent)
        again = driver.rows(connection, slots, {"key": enrolled})
    assert sent[carried - 1].startswith(b"BEGIN; EXECUTE powerpro_") and sent[carried - 1].count(b"EXECUTE") == 2
    assert served == carried  # nothing sent: its rows were kept
    assert len(sent) == carried + 1 and weights(first) == weights(again)


@pytestmark_postgres
def test_a_statement_sent_between_makes_a_read_along_stale(services, enrolled, sent):
    row, slots = statements()
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        driver.rows(connection, row, {"key": enrolled}, [(slots, {"key": enrolled})])
        connection.execute(update(SLOTS).where(SLOTS.c.user_program_state_id == enrolled, SLOTS.c.slot == "squat")
                           .values(weight=Decimal(120)))
        after = driver.rows(connection, slots, {"key": enrolled})
    assert weights(after)["squat"] == Decimal(120)  # read again, after the write


@pytestmark_postgres
def test_the_end_of_a_unit_of_work_forgets_a_read_along_not_asked_for(services, enrolled):
    row, slots = statements()
    with rerun_on_loss(), services.uow() as uow:
        driver.rows(uow.session.connection(), row, {"key": enrolled}, [(slots, {"key": enrolled})])
    with services.uow() as uow:
        uow.session.execute(update(SLOTS).where(SLOTS.c.user_program_state_id == enrolled).values(weight=Decimal(1)))
        uow.commit()
    with rerun_on_loss(), services.uow() as uow:
        assert set(weights(driver.rows(uow.session.connection(), slots, {"key": enrolled})).values()) == {Decimal(1)}


@pytestmark_postgres
def test_reads_go_along_only_a_statement_that_begins_its_transaction(services, enrolled, sent):
    """After a rollback the connection cannot tell which statements it holds prepared: a PREPARE
    within a transaction could fail and abort it. Reads go along only a transaction's first
    statement, prepared before its BEGIN; within a transaction they go apart."""
    row, slots = statements()
    read_along(services, enrolled, row, slots)  # both prepared, at the transaction's start
    with pytest.raises(ZeroDivisionError), services.uow() as uow:
        uow.session.execute(text("SELECT 1"))
        raise ZeroDivisionError  # rolled back: the connection forgets what it holds prepared
    for first in ("sent by SQLAlchemy", "the read"):
        start = len(sent)
        with rerun_on_loss(), services.uow() as uow:
            connection = uow.session.connection()
            if first == "sent by SQLAlchemy":
                connection.execute(text("SELECT 1"))  # the transaction's first statement
            found, along = read_along_in(connection, enrolled, row, slots)
            assert connection.execute(text("SELECT 2")).scalar() == 2  # the transaction is sound
        mine = sent[start:]
        begun = next(n for n, query in enumerate(mine) if query.startswith(b"BEGIN"))
        assert found.id == enrolled and weights(along) == {"bench-press": Decimal(80), "squat": Decimal(100)}
        assert not any(q.startswith(b"PREPARE") for q in mine[begun:])  # nothing prepared within it
        assert any(q.count(b"EXECUTE") == 2 for q in mine) == (first == "the read"), first


def read_along_in(connection, enrolled: str, row, slots):
    [found] = driver.rows(connection, row, {"key": enrolled}, [(slots, {"key": enrolled})])
    return found, driver.rows(connection, slots, {"key": enrolled})


@pytestmark_postgres
def test_a_finish_sends_its_rules_reads_along_its_first_statement(services, user_id, enrolled, sent):
    """Its logged sets and its slots (locked), read by its session rules, go in the round trip of
    the statement that locks its workout and enrollment (BEGIN and three statements)."""
    for _ in range(3):  # days a, b, a (the first prepares what goes along)
        workout = services.handle(StartWorkout(user_id)).result
        log_all(services, user_id, workout)
        start = len(sent)
        with counting(services.db) as counted:
            outcome = services.handle(FinishWorkout(user_id, workout))
    finish = sent[start:]
    assert finish[0].startswith(b"BEGIN; EXECUTE powerpro_") and finish[0].count(b"EXECUTE") == 3, finish
    # Each read once, seen as a statement of its own by the engine's listeners.
    assert [sum(f"FROM {table}" in s for s in counted.statements) for table in ("logged_sets", "progression_states")
            ] == [1, 1]
    assert [str(c.new_weight) for c in outcome.progressions] == ["110 lb"]


@pytestmark_postgres
def test_a_write_deferred_makes_a_read_along_stale(services, enrolled):
    """A deferred write goes before the next statement: a read along, sent before it, does not show it."""
    row, slots = statements()
    with services.uow() as uow:
        squat = next(r.id for r in progressions.slots_to_change(uow.session, enrolled) if r.slot == "squat")
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        driver.rows(connection, row, {"key": enrolled}, [(slots, {"key": enrolled})])
        [write], _ = shaped_writes.update_writes(connection.dialect, SLOTS, {squat: {"weight": Decimal(130)}})
        shaped_writes.defer(connection, write)
        after = driver.rows(connection, slots, {"key": enrolled})
    assert weights(after)["squat"] == Decimal(130)
