"""On PostgreSQL a command's connection is kept in the driver's autocommit, and its transaction's
BEGIN goes in one round trip with its first statement (``driver_cursor.begin_along``):
whichever statement comes first, everything the command does is one transaction; a statement
prepared on the connection and dropped behind its back costs a rerun, not a failure."""

from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import bindparam, select, text
from sqlalchemy.exc import OperationalError

from engine import service
from engine.commands import FinishWorkout, LogSet, StartWorkout
from engine.db import driver_statements as driver, shaped_writes
from engine.db.connection import rerun_on_loss
from engine.db.models import LoggedSet, ProgressionLog, UserProgramState
from engine.errors import SetAlreadyLogged
from tests.engine.test_deferred_writes import a_log, logged_keys

pytestmark = pytest.mark.parametrize("migrated_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                     indirect=True)
ENROLLMENTS = UserProgramState.__table__
_LOCK = driver.OneStatement(select(ENROLLMENTS.c.id).where(ENROLLMENTS.c.id == bindparam("key")).with_for_update())
IDLE, IN_TRANSACTION = psycopg.pq.TransactionStatus.IDLE, psycopg.pq.TransactionStatus.INTRANS


def locked_elsewhere(services, enrollment_id: str) -> bool:
    """Whether another connection finds the enrollment's row locked."""
    with services.db.connect() as other:
        try:
            other.execute(text("SELECT 1 FROM user_program_states WHERE id = :id FOR UPDATE NOWAIT"),
                          {"id": enrollment_id})
        except OperationalError:
            return True
    return False


def test_the_first_statement_carries_the_begin_and_holds_its_locks_to_the_end(services, enrolled, sent):
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        pgconn = connection.connection.driver_connection.pgconn
        assert pgconn.transaction_status == IDLE  # nothing sent yet, not even a BEGIN
        found = driver.rows(connection, _LOCK, {"key": enrolled})
        assert pgconn.transaction_status == IN_TRANSACTION
        assert locked_elsewhere(services, enrolled)
    assert [row.id for row in found] == [enrolled]
    assert not locked_elsewhere(services, enrolled)
    begun = [query for query in sent if query.startswith(b"BEGIN")]
    assert len(begun) == 1 and begun[0].startswith(b"BEGIN; EXECUTE powerpro_")


def test_a_first_statement_sqlalchemy_sends_gets_a_begin_of_its_own(services, enrolled, sent):
    with rerun_on_loss(), services.uow() as uow:
        uow.session.execute(select(UserProgramState).where(UserProgramState.id == enrolled).with_for_update()).one()
        assert locked_elsewhere(services, enrolled)
    assert sent[:1] == [b"BEGIN"]


def test_a_first_write_of_other_parameters_is_in_the_transaction_and_rolled_back(services, user_id, enrolled):
    """A write whose values are not plain literals (a timestamp default) begins by itself first."""
    with rerun_on_loss(), services.uow() as uow:
        connection = uow.session.connection()
        [log] = shaped_writes.insert_writes(connection.dialect, ProgressionLog.__table__,
                                            [a_log(user_id, enrolled, "undone")])
        shaped_writes.send(connection, [log])
        assert connection.connection.driver_connection.pgconn.transaction_status == IN_TRANSACTION
    with services.uow() as uow:
        assert logged_keys(uow.session.connection()) == []


def test_a_statement_deallocated_behind_the_commands_back_reruns_it_on_a_fresh_connection(services, user_id,
                                                                                           enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    services.db.dispose()  # from here on, one connection for commands, kept between them
    try:
        services.handle(LogSet(user_id, workout, 0, 5))  # its first statement is prepared on it
        with rerun_on_loss(), services.uow() as uow:
            uow.session.connection().exec_driver_sql("DEALLOCATE ALL")
            uow.commit()
        services.handle(LogSet(user_id, workout, 1, 5))
    finally:
        services.db.dispose()  # no connection of this test's is left to the next
    with services.uow() as uow:
        logged = uow.session.scalars(select(LoggedSet.set_index).order_by(LoggedSet.set_index)).all()
    assert logged == [0, 1]


def test_a_rolled_back_command_leaves_the_next_one_nothing_to_rerun(services, user_id, enrolled, monkeypatch):
    """psycopg deallocates every prepared statement of a connection it rolls back once it has
    prepared its own: the next command prepares its first statement again instead of failing on it."""
    workout = services.handle(StartWorkout(user_id)).result
    services.db.dispose()  # one connection for commands from here on
    with rerun_on_loss(), services.uow() as uow:
        driver_connection = uow.session.connection().connection.driver_connection
        driver_connection.prepare_threshold = 0  # psycopg prepares every statement it is sent
    attempts: list[int] = []
    once = service._handle_once
    monkeypatch.setattr(service, "_handle_once", lambda *args: attempts.append(1) or once(*args))
    try:
        services.handle(LogSet(user_id, workout, 0, 5))
        assert driver_connection._prepared._names  # psycopg's own, so its rollback deallocates all
        with pytest.raises(SetAlreadyLogged):
            services.handle(LogSet(user_id, workout, 0, 5))  # refused: rolled back
        services.handle(FinishWorkout(user_id, workout))
    finally:
        services.db.dispose()
    assert len(attempts) == 3  # each command once
