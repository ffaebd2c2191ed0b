"""Concurrent transitions of one entity: exactly one wins, the other gets a clear refusal."""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from engine.commands import FinishWorkout, StartWorkout
from engine.db.models import WorkoutSession
from engine.errors import DomainError
from tests.engine.support import log_all, log_rows


def race(action, count: int = 2) -> list:
    """Run ``action`` in ``count`` threads released at the same moment; collect results or errors."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = action()
        except DomainError as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_simultaneous_starts_create_exactly_one_workout(services, user_id, enrolled):
    results = race(lambda: services.handle(StartWorkout(user_id)).result)
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, DomainError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].code == "workout_already_in_progress"
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(WorkoutSession)) == 1


def test_two_simultaneous_finishes_complete_the_workout_once(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout)
    results = race(lambda: services.handle(FinishWorkout(user_id, workout)).result)
    assert sorted(type(r).__name__ for r in results) == ["InvalidTransition", "str"]
    finishes = [row for row in log_rows(services) if row[0] == "session" and row[2] == "finish"]
    assert len(finishes) == 1
