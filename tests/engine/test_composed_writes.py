"""On PostgreSQL writes riding along one another go as one statement made of the writes' own
compiled texts (``driver_statements.Composed``), each rider's binds renamed apart
(``driver_statements.Prefixed``): a combination never sent before runs no compiler, and sends
what the compiler would have made of it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import bindparam, literal_column, or_, select
from sqlalchemy.sql import elements

from engine.db import driver_statements as driver, shaped_writes
from engine.db.models import ProgressionLog, UserProgramState
from tests.engine.test_deferred_writes import a_log
from tests.support.statement_count import counting

pytestmark = pytest.mark.parametrize("migrated_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                     indirect=True)
LOGS, ENROLLMENTS = ProgressionLog.__table__, UserProgramState.__table__


@pytest.fixture
def compiled(monkeypatch) -> list[str]:
    """The text of every statement SQLAlchemy's compiler makes from now on."""
    made: list[str] = []
    compile_ = elements.CompilerElement.compile

    def spy(element, *args, **kwargs):
        result = compile_(element, *args, **kwargs)
        made.append(result.string)
        return result

    monkeypatch.setattr(elements.CompilerElement, "compile", spy)
    return made


def test_a_new_combination_of_known_writes_is_sent_as_one_statement_without_compiling(services, user_id, enrolled,
                                                                                       compiled):
    dialect = services.db.dialect
    with services.uow() as uow, counting(services.db) as sent:
        connection = uow.session.connection()
        logs = shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, f"first-{n}") for n in (1, 2)])
        week, _written = shaped_writes.update_writes(dialect, ENROLLMENTS, {enrolled: {"current_week": 2,
                                                                                        "current_day_index": 1}})
        assert shaped_writes.send(connection, [*logs, *week]) == [2, 1]  # the parts compiled, once each
        made_before = len(compiled)
        later_logs = shaped_writes.insert_writes(dialect, LOGS, [a_log(user_id, enrolled, f"then-{n}") for n in (1, 2)])
        later_week, _written = shaped_writes.update_writes(dialect, ENROLLMENTS, {enrolled: {"current_week": 3,
                                                                                              "current_day_index": 0}})
        counts = shaped_writes.send(connection, [*later_week, *later_logs])  # the other way round: a new combination
        found = connection.execute(select(LOGS.c.idempotency_key).order_by(LOGS.c.idempotency_key)).scalars().all()
        position = connection.execute(select(ENROLLMENTS.c.current_week, ENROLLMENTS.c.current_day_index)
                                      .where(ENROLLMENTS.c.id == enrolled)).one()
        uow.commit()
    assert len(compiled) == made_before  # nothing compiled for it
    assert counts == [1, 2]
    assert found == ["first-1", "first-2", "then-1", "then-2"] and tuple(position) == (3, 0)
    combined = [s for s in sent.statements if s.startswith("WITH")]
    assert len(combined) == 2 and combined[1].startswith("WITH rider_0 AS (UPDATE user_program_states SET")
    assert combined[1].endswith("RETURNING (SELECT count(*) FROM rider_0)")


def test_a_statement_renamed_apart_sends_the_same_sql_and_values(services, enrolled):
    """A bind named twice, a ``%`` in the SQL text: the renamed statement's text, once numbered
    for PostgreSQL, is its original's, with the same values in the same places."""
    statement = driver.OneStatement(
        select(ENROLLMENTS.c.id, ENROLLMENTS.c.current_week)
        .where(or_(ENROLLMENTS.c.id == bindparam("key"), ENROLLMENTS.c.user_id == bindparam("key")))
        .where(ENROLLMENTS.c.program_slug.like(literal_column("'%-linear'")))
        .where(ENROLLMENTS.c.current_week < bindparam("week")))
    renamed = driver.Prefixed(statement, "rider7_")
    dialect = services.db.dialect
    original = statement.parameters(dialect, {"key": enrolled, "week": Decimal(9)})
    assert renamed.parameters(dialect, {"rider7_key": enrolled, "rider7_week": Decimal(9)}) == original
    with services.uow() as uow:
        found = driver.rows(uow.session.connection(), renamed, {"rider7_key": enrolled, "rider7_week": 9})
    assert [row.id for row in found] == [enrolled]
