"""Performance by construction: state reads are one statement with no join, and the hot
commands run a fixed number of statements however long the history grows."""

from __future__ import annotations

from engine.commands import FinishWorkout, LogSet, NextCycle, StartWorkout
from engine.db import repository
from engine.db.models import WorkoutSession
from tests.engine.support import log_all
from tests.support.statement_count import counting


def hot_path_counts(services, user_id) -> tuple[int, int, int]:
    """Statements to start a workout, log its first set, and finish it (with the cascade)."""
    with counting(services.db) as start:
        workout = services.handle(StartWorkout(user_id)).result
    with counting(services.db) as log:
        services.handle(LogSet(user_id, workout, 0, 5))
    log_all_rest(services, user_id, workout)
    with counting(services.db) as finish:
        services.handle(FinishWorkout(user_id, workout))
    return len(start.statements), len(log.statements), len(finish.statements)


def log_all_rest(services, user_id, workout):
    with services.uow() as uow:
        prescription = uow.session.get(WorkoutSession, workout).prescription
    for item in prescription[1:]:
        services.handle(LogSet(user_id, workout, item.set_index, item.target_reps))


def test_reading_the_state_of_every_level_is_one_statement_without_a_join(services, user_id, enrolled):
    with services.uow() as uow, counting(services.db) as seen:
        row = repository.live_enrollment(uow.session, user_id)
        assert (row.enrollment_status, row.cycle_status, row.week_status) == ("ACTIVE", "PENDING", "PENDING")
    queries = [s for s in seen.statements if s.lstrip().upper().startswith("SELECT")]
    assert len(queries) == 1 and "JOIN" not in queries[0].upper()


def run_workouts(services, user_id, count: int) -> None:
    for _ in range(count):
        workout = services.handle(StartWorkout(user_id)).result
        log_all(services, user_id, workout)
        services.handle(FinishWorkout(user_id, workout))


def test_start_log_and_finish_cost_the_same_with_ten_times_the_history(services, user_id, enrolled):
    # Both measurements are the same position of a cycle (week 2, day 0 of the tiny program's
    # 2 weeks x 2 days): in cycle 1, and in cycle 8 after 28 more workouts.
    run_workouts(services, user_id, 2)
    early = hot_path_counts(services, user_id)
    run_workouts(services, user_id, 1)
    for _ in range(6):
        services.handle(NextCycle(user_id))
        run_workouts(services, user_id, 4)
    services.handle(NextCycle(user_id))
    run_workouts(services, user_id, 2)
    late = hot_path_counts(services, user_id)
    assert late == early
    print(f"statements: start {early[0]}, log a set {early[1]}, finish {early[2]}")
    assert max(early) <= 40
