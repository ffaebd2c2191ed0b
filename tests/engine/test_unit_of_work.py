"""A unit of work is one transaction on one pooled connection: begun when it opens, committed by
``commit()``, rolled back otherwise; its transition log goes in by one INSERT on the driver's
cursor, seen by statement listeners and failing as SQLAlchemy's own execution would."""

from __future__ import annotations

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from engine.commands import LogSet, StartWorkout
from engine.db import failures, repository
from engine.db.models import TransitionLogEntry, User, utcnow
from engine.errors import DomainError
from engine.transitions import collisions_refused
from tests.support.statement_count import counting


def _transitions(services) -> int:
    with services.db.connect() as conn:
        return conn.scalar(select(func.count()).select_from(TransitionLogEntry))


def _log_row(user_id: str, seq: int) -> dict:
    return {"machine": "set", "entity_id": "some-set", "seq": seq, "user_id": user_id, "transition": "log_set",
            "from_state": "PENDING", "to_state": "LOGGED", "event": "SET_LOGGED", "payload": {"reps": 5},
            "created_at": utcnow()}


def test_a_command_runs_one_transaction_on_one_connection(services, user_id, enrolled):
    used = set()

    def seen(conn, cursor, statement, *_args) -> None:
        used.add(id(conn.connection.dbapi_connection))

    event.listen(services.db, "before_cursor_execute", seen)
    try:
        with counting(services.db) as counted:
            services.handle(StartWorkout(user_id), answer=True)
    finally:
        event.remove(services.db, "before_cursor_execute", seen)
    assert counted.transactions == 1
    assert len(used) == 1
    # Its own INSERT, or on PostgreSQL in the WITH of the workout's UPDATE (engine/db/row_writes.py).
    assert any("INSERT INTO transition_log" in s for s in counted.statements)


@pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True)  # SQLite's BEGIN: engine/db/connection.py
def test_a_begin_on_a_closed_connection_is_a_lost_connection_and_invalidates_it(services):
    with services.db.connect() as conn:
        conn.connection.driver_connection.close()  # as a dropped connection would be
        with pytest.raises(DBAPIError) as raised:
            conn.begin()
        assert failures.lost_connection(raised.value)  # so a command is rerun (engine.db.retry)
        assert conn.invalidated  # and the pool replaces the connection


def test_what_a_unit_of_work_did_without_commit_is_rolled_back(services, user_id):
    before = _transitions(services)
    with services.uow() as uow:
        repository.add_transition(uow.session, **_log_row(user_id, 1))
        repository.write_transitions(uow.session)
        uow.session.get(User, user_id).display_name = "never saved"
        uow.session.flush()
    assert _transitions(services) == before
    with services.db.connect() as conn:
        assert conn.scalar(select(User.display_name).where(User.id == user_id)) is None


def test_the_transition_log_is_written_as_the_orm_wrote_it(services, user_id):
    row = _log_row(user_id, 7)
    with services.uow() as uow:
        repository.add_transition(uow.session, **row)
        uow.commit()
    with services.db.connect() as conn:
        stored = conn.execute(select(TransitionLogEntry.__table__).where(TransitionLogEntry.seq == 7)).one()
    assert stored._asdict() == row


def test_a_colliding_transition_log_row_is_refused_as_a_concurrent_transition(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5))
    taken = _log_row(user_id, 1)
    with services.uow() as uow:
        taken |= {"machine": "set", "entity_id": uow.session.scalars(
            select(TransitionLogEntry.entity_id).where(TransitionLogEntry.machine == "set")).first()}
    before = _transitions(services)
    with pytest.raises(IntegrityError) as raised, services.uow() as uow:
        repository.add_transition(uow.session, **taken)
        uow.commit()
    assert "transition_log" in raised.value.statement
    assert _transitions(services) == before
    with pytest.raises(DomainError) as refused, services.uow() as uow, collisions_refused():
        repository.add_transition(uow.session, **taken)
        uow.commit()
    assert refused.value.code == "concurrent_transition"


def test_a_transition_log_insert_on_a_lost_connection_is_a_lost_connection_and_the_next_unit_of_work_runs(
        services, user_id):
    with pytest.raises(DBAPIError) as raised, services.uow() as uow:
        repository.add_transition(uow.session, **_log_row(user_id, 1))
        uow.session.connection().connection.driver_connection.close()  # as a server dropping it would
        repository.write_transitions(uow.session)
    assert failures.lost_connection(raised.value)  # so the command is rerun whole (engine.db.retry)
    with services.uow() as uow:
        repository.add_transition(uow.session, **_log_row(user_id, 2))
        uow.commit()
    assert _transitions(services) == 1
