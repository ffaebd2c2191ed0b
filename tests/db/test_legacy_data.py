"""Existing data keeps working: a database from before the state machines migrates forward,
its users carry on, and the rollback to 00022 restores the original rows exactly."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from engine.bootstrap import bootstrap
from engine.commands import FinishWorkout, LogSet, StartWorkout
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import LoggedSet, UserProgramState, WorkoutSession
from tests.conftest import BACKENDS, new_database
from tests.support.legacy import (
    LAST_LEGACY_MIGRATION,
    LEGACY_TABLES,
    MID_ENROLLMENT,
    MID_PROGRAM,
    NEW_ENROLLMENT,
    NOT_STARTED,
    build_legacy_database,
    snapshot,
)
from tests.support.work_sets import work_sets


@pytest.fixture(params=BACKENDS)
def legacy_url(request, tmp_path_factory):
    url = new_database(request.param, f"legacy_{request.node.originalname[5:20]}", tmp_path_factory)
    build_legacy_database(url)
    return url


@pytest.fixture
def engine_of(legacy_url):
    engine = make_engine(legacy_url)
    yield engine
    engine.dispose()


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar_one() for t in LEGACY_TABLES}


def statuses(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT id, enrollment_status, cycle_status, week_status, current_day_index FROM user_program_states"
        ))
        return {row[0]: tuple(row[1:]) for row in rows}


def test_migrating_backfills_states_and_keeps_every_row(legacy_url, engine_of):
    before = counts(engine_of)
    assert before["logged_sets"] == 6 and before["user_program_states"] == 2
    migrator = Migrator(legacy_url)
    migrator.apply()
    migrator.close()
    assert counts(engine_of) == before
    assert statuses(engine_of) == {
        MID_ENROLLMENT: ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 2),
        NEW_ENROLLMENT: ("ACTIVE", "PENDING", "PENDING", None),
    }


def test_rolling_back_to_00022_restores_the_original_rows_exactly(legacy_url, engine_of):
    original = snapshot(engine_of)
    migrator = Migrator(legacy_url)
    migrator.apply()
    migrator.rollback(LAST_LEGACY_MIGRATION)
    migrator.close()
    assert snapshot(engine_of) == original


def test_legacy_users_carry_on_through_the_engine(legacy_url, engine_of):
    migrator = Migrator(legacy_url)
    migrator.apply()
    migrator.close()
    services = bootstrap(db=engine_of)

    # Mid-program: the third workout of week 1 (A), at the stored weights; finishing it ends week 1.
    workout = services.handle(StartWorkout(MID_PROGRAM))
    assert [e.name for e in workout.events] == ["WORKOUT_STARTED"]  # cycle and week already IN_PROGRESS
    with services.uow() as uow:
        prescription = uow.session.get(WorkoutSession, workout.result).prescription
    assert [(s.lift, str(s.weight)) for s in work_sets(prescription)][:4] == [
        ("squat", "145 lb"), ("squat", "145 lb"), ("squat", "145 lb"), ("overhead-press", "80 lb"),
    ]
    for item in prescription:
        services.handle(LogSet(MID_PROGRAM, workout.result, item.set_index, item.target_reps))
    finished = services.handle(FinishWorkout(MID_PROGRAM, workout.result))
    assert [e.name for e in finished.events] == ["WORKOUT_COMPLETED", "WEEK_COMPLETED"]
    assert {(c.slot, str(c.new_weight)) for c in finished.progressions} == {
        ("squat", "150 lb"), ("overhead-press", "85 lb"), ("deadlift", "215 lb"),
    }

    # Not started: the first workout starts the cycle and the week.
    started = services.handle(StartWorkout(NOT_STARTED))
    assert [e.name for e in started.events] == ["WORKOUT_STARTED", "CYCLE_STARTED", "WEEK_STARTED"]

    with services.uow() as uow:
        mid = uow.session.get(UserProgramState, MID_ENROLLMENT)
        assert (mid.cycle_status, mid.week_status, mid.current_week, mid.current_day_index) == (
            "IN_PROGRESS", "PENDING", 2, 0)
        old_sessions = uow.session.scalars(
            select(LoggedSet.session_id).where(LoggedSet.session_id.like("app-session-%")).distinct()
        ).all()
        assert sorted(old_sessions) == ["app-session-1", "app-session-2"]
        # The client-made ids map to no session (a soft reference): nothing was invented for them.
        assert uow.session.scalar(
            select(func.count()).select_from(WorkoutSession).where(WorkoutSession.id.like("app-session-%"))) == 0
