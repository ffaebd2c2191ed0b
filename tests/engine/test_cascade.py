"""The orchestration: commands, the automatic cascade at day/week/cycle boundaries, the log."""

from __future__ import annotations

from engine.commands import FinishWorkout, NextCycle, StartWorkout
from tests.engine.support import log_all, log_rows, states


def run_workout(services, user_id: str) -> list[str]:
    workout_id = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout_id)
    return [e.name for e in services.handle(FinishWorkout(user_id, workout_id)).events]


def test_enroll_starts_active_pending_pending_and_logs_the_creation(services, user_id, enrolled):
    assert states(services, enrolled) == ("ACTIVE", "PENDING", "PENDING", 1, 1, 0)
    assert log_rows(services) == [("enrollment", 1, "enroll", None, "ACTIVE", "ENROLLED")]


def test_first_workout_starts_the_cycle_and_the_week(services, user_id, enrolled):
    outcome = services.handle(StartWorkout(user_id))
    assert [e.name for e in outcome.events] == ["WORKOUT_STARTED", "CYCLE_STARTED", "WEEK_STARTED"]
    assert states(services, enrolled) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 1, 1, 0)
    assert log_rows(services)[1:] == [
        ("session", 1, "start_workout", None, "IN_PROGRESS", "WORKOUT_STARTED"),
        ("cycle", 1, "start", "PENDING", "IN_PROGRESS", "CYCLE_STARTED"),
        ("week", 1, "start", "PENDING", "IN_PROGRESS", "WEEK_STARTED"),
    ]


def test_the_cascade_walks_days_weeks_and_the_cycle_boundary(services, user_id, enrolled):
    assert run_workout(services, user_id) == ["WORKOUT_COMPLETED"]
    assert states(services, enrolled) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 1, 1, 1)

    assert run_workout(services, user_id) == ["WORKOUT_COMPLETED", "WEEK_COMPLETED"]
    assert states(services, enrolled) == ("ACTIVE", "IN_PROGRESS", "PENDING", 1, 2, 0)

    assert run_workout(services, user_id) == ["WORKOUT_COMPLETED"]
    assert states(services, enrolled) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 1, 2, 1)

    assert run_workout(services, user_id) == [
        "WORKOUT_COMPLETED", "WEEK_COMPLETED", "CYCLE_COMPLETED", "CYCLE_BOUNDARY_REACHED",
    ]
    assert states(services, enrolled) == ("BETWEEN_CYCLES", "COMPLETED", "COMPLETED", 1, 2, 2)

    outcome = services.handle(NextCycle(user_id))
    assert outcome.events == []  # next-cycle emits nothing; CYCLE_STARTED comes with the first workout
    assert states(services, enrolled) == ("ACTIVE", "PENDING", "PENDING", 2, 1, 0)
    starts = [e.name for e in services.handle(StartWorkout(user_id)).events]
    assert starts == ["WORKOUT_STARTED", "CYCLE_STARTED", "WEEK_STARTED"]


def test_every_transition_is_one_log_row_with_its_states_in_sequence(services, user_id, enrolled):
    for _ in range(4):
        run_workout(services, user_id)
    services.handle(NextCycle(user_id))
    rows = log_rows(services)
    by_machine: dict[str, list[tuple]] = {}
    for machine, seq, transition, source, target, _event in rows:
        by_machine.setdefault(machine, []).append((seq, transition, source, target))
    assert [r[1:] for r in by_machine["cycle"]] == [
        ("start", "PENDING", "IN_PROGRESS"),
        ("complete", "IN_PROGRESS", "COMPLETED"),
        ("reset", "COMPLETED", "PENDING"),
    ]
    assert [r[1:] for r in by_machine["week"]] == [
        ("start", "PENDING", "IN_PROGRESS"),
        ("complete", "IN_PROGRESS", "COMPLETED"),
        ("reset", "COMPLETED", "PENDING"),
        ("start", "PENDING", "IN_PROGRESS"),
        ("complete", "IN_PROGRESS", "COMPLETED"),
        ("reset", "COMPLETED", "PENDING"),
    ]
    assert [r[1:] for r in by_machine["enrollment"]] == [
        ("enroll", None, "ACTIVE"),
        ("complete_cycle", "ACTIVE", "BETWEEN_CYCLES"),
        ("next_cycle", "BETWEEN_CYCLES", "ACTIVE"),
    ]
    # Each entity's log is numbered 1, 2, 3... with no gap: the guard of concurrent transitions.
    for machine in ("enrollment", "cycle", "week"):
        assert [r[0] for r in by_machine[machine]] == list(range(1, len(by_machine[machine]) + 1))
    # Four workouts, 3 sets each (2 squat + 1 bench per pair): every set is a logged transition too.
    assert len(by_machine["set"]) == 6 and {r[2:] for r in by_machine["set"]} == {("PENDING", "LOGGED")}
    assert [r[1:] for r in by_machine["session"] if r[1] != "start_workout"] == [
        ("finish", "IN_PROGRESS", "COMPLETED")
    ] * 4
