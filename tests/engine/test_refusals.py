"""Refused commands: a clear domain error, and nothing changed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from engine import accounts
from engine.commands import (
    AbandonWorkout,
    AdvanceWeek,
    Enroll,
    FinishWorkout,
    InputValue,
    LogSet,
    NextCycle,
    Quit,
    StartWorkout,
)
from engine.db.models import WorkoutSession, utcnow
from engine.errors import (
    AlreadyEnrolled,
    InvalidMax,
    MissingMaxes,
    NotEnrolled,
    NotFound,
    SetAlreadyLogged,
    SetNotPrescribed,
    UnknownProgram,
    WorkoutAlreadyInProgress,
)
from engine.machines import InvalidTransition
from engine.programs import Weight
from tests.engine.support import log_all, log_count, log_rows, states


def test_commands_before_enrolling_say_not_enrolled(services, user_id):
    for command in (StartWorkout(user_id), NextCycle(user_id), AdvanceWeek(user_id), Quit(user_id)):
        with pytest.raises(NotEnrolled):
            services.handle(command)
    assert log_count(services) == 0


def test_enrolling_twice_unknown_programs_and_missing_inputs_are_refused(services, user_id, enrolled):
    with pytest.raises(AlreadyEnrolled) as refused:
        services.handle(Enroll(user_id, "tiny-linear"))
    assert refused.value.extensions["program"] == "tiny-linear"
    services.handle(Quit(user_id))
    with pytest.raises(UnknownProgram):
        services.handle(Enroll(user_id, "no-such-program"))
    with pytest.raises(MissingMaxes) as missing:
        services.handle(Enroll(user_id, "tiny-linear"))
    assert missing.value.extensions["missing_inputs"] == ["bench-press.work", "squat.work"]


def test_a_max_or_starting_weight_of_0_is_refused_from_any_client(services, user_id):
    """Issue 13: the HTTP schema refused 0, the engine did not (the CLI, the simulator, scripts)."""
    inputs = (InputValue("squat.work", Weight.of(0, "lb")), InputValue("bench-press.work", Weight.of(80, "lb")))
    with pytest.raises(InvalidMax) as refused:
        services.handle(Enroll(user_id, "tiny-linear", inputs))
    assert refused.value.extensions == {"invalid_inputs": ["squat.work"]}
    with pytest.raises(InvalidMax):
        accounts.set_max(services.uow(), user_id, "squat", weight=Decimal(0), unit="lb")
    assert accounts.list_maxes(services.uow(), user_id) == []
    with pytest.raises(NotEnrolled):
        services.handle(StartWorkout(user_id))  # nothing was enrolled


def test_next_cycle_while_active_names_the_state_and_allowed_triggers(services, user_id, enrolled):
    before = log_count(services)
    with pytest.raises(InvalidTransition) as refused:
        services.handle(NextCycle(user_id))
    assert (refused.value.machine, refused.value.state, refused.value.trigger) == ("enrollment", "ACTIVE", "next_cycle")
    assert refused.value.allowed == ["complete_cycle", "quit"]
    assert log_count(services) == before
    assert states(services, enrolled) == ("ACTIVE", "PENDING", "PENDING", 1, 1, 0)


def test_a_young_workout_in_progress_refuses_a_second_start_with_its_id(services, user_id, enrolled):
    first = services.handle(StartWorkout(user_id)).result
    with pytest.raises(WorkoutAlreadyInProgress) as refused:
        services.handle(StartWorkout(user_id))
    assert refused.value.extensions["current_workout_session_id"] == first


def test_a_stale_workout_is_abandoned_by_the_next_start(services, user_id, enrolled):
    stale = services.handle(StartWorkout(user_id)).result
    later = utcnow() + services.machines["session"].stale_after + timedelta(minutes=1)
    outcome = services.handle(StartWorkout(user_id, now=later))
    assert [e.name for e in outcome.events] == ["WORKOUT_ABANDONED", "WORKOUT_STARTED"]
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, stale).status == "ABANDONED"
        assert uow.session.get(WorkoutSession, outcome.result).status == "IN_PROGRESS"
    assert ("session", 2, "abandon", "IN_PROGRESS", "ABANDONED", "WORKOUT_ABANDONED") in log_rows(services)
    # An abandoned workout does not move the position.
    assert states(services, enrolled)[3:] == (1, 1, 0)


def test_sets_only_go_to_an_in_progress_workout_of_the_caller(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5))
    with pytest.raises(SetAlreadyLogged):
        services.handle(LogSet(user_id, workout, 0, 5))
    with pytest.raises(SetNotPrescribed) as unknown:
        services.handle(LogSet(user_id, workout, 7, 5))
    assert unknown.value.extensions == {"set_index": 7, "prescribed_sets": 2}
    with pytest.raises(NotFound):
        services.handle(LogSet("someone-else", workout, 1, 5))
    services.handle(AbandonWorkout(user_id, workout))
    with pytest.raises(InvalidTransition) as ended:
        services.handle(LogSet(user_id, workout, 1, 5))
    assert (ended.value.machine, ended.value.state, ended.value.allowed) == ("session", "ABANDONED", [])
    with pytest.raises(InvalidTransition):
        services.handle(FinishWorkout(user_id, workout))


def test_finishing_twice_is_refused_and_the_position_moves_once(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout)
    services.handle(FinishWorkout(user_id, workout))
    with pytest.raises(InvalidTransition) as refused:
        services.handle(FinishWorkout(user_id, workout))
    assert refused.value.state == "COMPLETED"
    assert states(services, enrolled)[5] == 1


def test_advance_week_needs_a_started_week_and_no_workout_in_progress(services, user_id, enrolled):
    with pytest.raises(InvalidTransition) as pending:
        services.handle(AdvanceWeek(user_id))
    assert (pending.value.machine, pending.value.state) == ("week", "PENDING")
    workout = services.handle(StartWorkout(user_id)).result
    with pytest.raises(WorkoutAlreadyInProgress):
        services.handle(AdvanceWeek(user_id))
    services.handle(AbandonWorkout(user_id, workout))
    events = [e.name for e in services.handle(AdvanceWeek(user_id)).events]
    assert events == ["WEEK_COMPLETED"]
    assert states(services, enrolled) == ("ACTIVE", "IN_PROGRESS", "PENDING", 1, 2, 0)


def test_quit_abandons_the_workout_in_progress_and_ends_the_enrollment(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    events = [e.name for e in services.handle(Quit(user_id)).events]
    assert events == ["WORKOUT_ABANDONED", "QUIT"]
    assert states(services, enrolled)[0] == "QUIT"
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).status == "ABANDONED"
    with pytest.raises(NotEnrolled):
        services.handle(StartWorkout(user_id))
