"""A command's changed enrollment and workout rows written by one Core UPDATE each
(``repository.write_changes``), as the ORM's flush would write them: the same statements, the
``onupdate`` column set, each row left clean with its new values committed; anything else pending
is left to the flush."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, inspect

from engine import accounts
from engine.bootstrap import bootstrap
from engine.commands import Enroll, InputValue, StartWorkout
from engine.db import repository
from engine.db.models import LiftMax, UserProgramState, WorkoutSession
from engine.programs import Weight

INPUTS = tuple(InputValue(f"{lift}.work", Weight.of(w, "lb"))
               for lift, w in (("squat", 100), ("bench-press", 80), ("barbell-row", 70), ("overhead-press", 60),
                               ("deadlift", 120)))


# PostgreSQL's placeholder, with the cast psycopg's dialect puts on it.
PLACEHOLDER = re.compile(r"(%\(\w+\)s|\$\d+)(::(TIMESTAMP WITHOUT TIME ZONE|[A-Z]+))?")


@pytest.fixture
def started(db_engine):
    services = bootstrap(db=db_engine)
    user_id = accounts.register(services.uow(), "rows@example.com", "correct horse",
                                token_lifetime_seconds=3600).account.id
    services.handle(Enroll(user_id, "stronglifts-5x5", INPUTS))
    return services, services.handle(StartWorkout(user_id)).result


def _statements(session) -> list[str]:
    """The statements the session sends from now on, with SQLite's placeholders (``?``)."""
    seen: list[str] = []
    event.listen(session.connection(), "before_cursor_execute",
                 lambda _c, _cur, statement, *_rest: seen.append(PLACEHOLDER.sub("?", statement)))
    return seen


def test_each_changed_row_is_one_update_of_its_changed_columns_and_is_left_clean(started):
    services, workout_id = started
    with services.uow() as uow:
        session = uow.session
        enrollment, workout = repository.workout_for_command(session, workout_id)
        updated_before = enrollment.updated_at
        enrollment.current_day_index, workout.note = 7, "heavy"
        workout.status = workout.status  # set to what it was: not written, as by a flush
        seen = _statements(session)
        assert repository.write_changes(session)
        enrollment_update = ("UPDATE user_program_states SET current_day_index=?, updated_at=? "
                             "WHERE user_program_states.id = ?")
        workout_update = "UPDATE workout_sessions SET note=? WHERE workout_sessions.id = ?"
        if services.db.dialect.name == "postgresql":  # one statement: the enrollment's rides along
            assert seen == [f"WITH rider_0 AS ({enrollment_update} RETURNING 1) {workout_update} "
                            "RETURNING (SELECT count(*) FROM rider_0)"]
        else:
            assert seen == [enrollment_update, workout_update]
        assert not session.dirty
        for row in (enrollment, workout):
            assert not inspect(row).modified and inspect(row).persistent
        assert enrollment.updated_at > updated_before
        assert inspect(enrollment).attrs.updated_at.history.unchanged == [enrollment.updated_at]
        updated = enrollment.updated_at
        session.flush()
        assert len(seen) == (1 if services.db.dialect.name == "postgresql" else 2)  # nothing left for the flush
        uow.commit()
    with services.uow() as uow:
        stored = uow.session.get(UserProgramState, enrollment.id)
        assert (stored.current_day_index, stored.updated_at) == (7, updated)
        assert uow.session.get(WorkoutSession, workout_id).note == "heavy"


def test_anything_else_pending_is_left_to_the_flush(started):
    services, workout_id = started
    with services.uow() as uow:
        session = uow.session
        workout = session.get(WorkoutSession, workout_id)  # not locked by this unit of work
        workout.note = "unlocked"
        assert not repository.write_changes(session)
        assert workout in session.dirty
    with services.uow() as uow:
        session = uow.session
        enrollment, workout = repository.workout_for_command(session, workout_id)
        workout.note = "with a new row"
        session.add(LiftMax(user_id=enrollment.user_id, lift_slug="squat", weight=100, unit="lb"))
        assert not repository.write_changes(session)
        assert workout in session.dirty
