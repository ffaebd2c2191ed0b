"""The bus: subscription by event type, delivery inside the unit of work, rollback on failure,
and progressions applied exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.bus import MessageBus, UnknownEvent
from engine.commands import FinishWorkout, LogSet, StartWorkout
from engine.db.models import LoggedSet, ProgressionLog, ProgressionState, WorkoutSession
from engine.handlers import progression
from tests.engine.support import log_all, log_count, states


def test_subscribing_to_an_event_no_machine_emits_is_refused():
    bus = MessageBus({"WORKOUT_COMPLETED"})
    with pytest.raises(UnknownEvent):
        bus.subscribe("WORKOUT_FINISHED", lambda event, uow: None)


def test_a_subscribed_handler_sees_events_in_order_inside_the_unit_of_work(services, user_id, enrolled):
    seen = []

    def record(event, uow):
        # Inside the same transaction: the workout the event names is visible, uncommitted.
        workout = (
            uow.session.get(WorkoutSession, event.payload["workout_id"]) if "workout_id" in event.payload else None
        )
        seen.append((event.name, workout.status if workout else None))

    for name in ("WORKOUT_STARTED", "CYCLE_STARTED", "WEEK_STARTED", "SET_LOGGED"):
        services.bus.subscribe(name, record)
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5))
    # The cascade's events name the workout that caused them (a correction finds its week's and
    # cycle's progressions by it), so they see it too.
    assert seen == [
        ("WORKOUT_STARTED", "IN_PROGRESS"),
        ("CYCLE_STARTED", "IN_PROGRESS"),
        ("WEEK_STARTED", "IN_PROGRESS"),
        ("SET_LOGGED", "IN_PROGRESS"),
    ]


def test_a_failing_handler_rolls_back_state_log_and_progressions(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout)

    def explode(event, uow):
        raise RuntimeError("handler failed")

    services.bus.subscribe("WEEK_COMPLETED", explode)  # runs after the progression and the day move
    services.handle(FinishWorkout(user_id, workout))  # day 0 of 2: no week completes yet
    second = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, second)
    before = (
        states(services, enrolled),
        log_count(services),
        squat_weight(services, enrolled),
        progression_count(services),
    )
    with pytest.raises(RuntimeError):
        services.handle(FinishWorkout(user_id, second))
    after = (
        states(services, enrolled),
        log_count(services),
        squat_weight(services, enrolled),
        progression_count(services),
    )
    assert after == before
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, second).status == "IN_PROGRESS"


def test_a_successful_session_progresses_once_and_a_replayed_event_changes_nothing(services, user_id, enrolled):
    assert squat_weight(services, enrolled) == 100
    workout = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout)
    outcome = services.handle(FinishWorkout(user_id, workout))
    applied = [
        (c.slot, c.rule, str(c.trigger), str(c.previous_weight), str(c.new_weight)) for c in outcome.progressions
    ]
    assert applied == [("squat", "add-weight", "AFTER_SESSION", "100 lb", "105 lb")]
    assert squat_weight(services, enrolled) == 105

    completed = next(e for e in outcome.events if e.name == "WORKOUT_COMPLETED")
    with services.uow() as uow:
        progression.after_session(completed, uow, services)
        uow.commit()
        assert uow.progressions_applied == []
    assert squat_weight(services, enrolled) == 105
    assert progression_count(services) == 1


def test_a_failed_set_holds_the_weight(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5))
    services.handle(LogSet(user_id, workout, 1, 3))
    assert services.handle(FinishWorkout(user_id, workout)).progressions == []
    assert squat_weight(services, enrolled) == 100
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoggedSet)) == 2


def squat_weight(services, enrollment_id: str):
    with services.uow() as uow:
        return uow.session.scalars(
            select(ProgressionState.weight).where(
                ProgressionState.user_program_state_id == enrollment_id, ProgressionState.slot == "squat"
            )
        ).one()


def progression_count(services) -> int:
    with services.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(ProgressionLog))
