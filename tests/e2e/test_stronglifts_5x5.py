"""StrongLifts 5x5 through the API: session-by-session linear progression and its deload.

StrongLifts 5x5 (Mehdi Hadim) alternates two workouts three days a week: A = squat, bench,
barbell row, all 5x5; B = squat, overhead press 5x5, deadlift 1x5. Week 1 is A/B/A, week 2
B/A/B (the two-week cycle repeats). After each workout (AFTER_SESSION), every lift done with
all its reps goes up +5 lb (deadlift +10 lb); a lift with a set short of 5 repeats its weight.
Failing a lift in 3 consecutive sessions drops it to 90%, rounded to 5 lb (ON_FAILURE: it
fires on the failed set itself).

The numbers (squat 135 -> 140 -> 145 ... on successes, a bench of 200 failed in each of its
three sessions and deloaded to 180, cycle 2 climbing again) are the program's worked examples
in specs/programs/stronglifts-5x5.yaml (test_program_examples.py). This module keeps what is
about the API: the state block at every step, where a set's progressions are reported, and
the corrections of a logged set (the frontend guide's recordings).

Starting work weights (lb): squat 135, bench 200, row 95, press 75, deadlift 185.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights, work_set
from tests.support.work_sets import work_sets

pytestmark = pytest.mark.sqlite_only

WORK_WEIGHTS = {"squat.work": 135, "bench-press.work": 200, "barbell-row.work": 95,
                "overhead-press.work": 75, "deadlift.work": 185}


def test_a_new_lifter_runs_the_first_cycle_with_a_bench_that_stalls(frontend):
    """Six workouts; every bench session's third set gets 3 reps: the failure is reported on
    that set's own answer (ON_FAILURE), the rest at the finish; BETWEEN_CYCLES after the sixth."""
    app = frontend("stronglifts-5x5")
    app.register()
    app.enroll(WORK_WEIGHTS)  # ACTIVE / PENDING / PENDING
    for _ in range(6):
        workout = app.start()
        benches = [s["set_index"] for s in work_sets(workout) if s["lift"] == "bench-press"]
        on_sets = app.log_prescribed_sets(workout, reps={benches[2]: 3} if benches else None)
        assert {p["slot"] for p in on_sets} == ({"bench-press"} if benches else set())
        finished = app.finish(workout)
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    app.complete_workout()


def test_fixing_a_typo_in_a_logged_set(frontend):
    """A squat set logged as 3 reps instead of 5, fixed after the workout is finished; a set
    logged twice by mistake in the next workout, deleted while it is in progress."""
    app = frontend("stronglifts-5x5")
    app.register()
    app.enroll(WORK_WEIGHTS)

    # Workout A: every set 5 reps but the last squat set, typed as 3. The deload rule counts the
    # failure as the set is logged; finishing holds the squat at 135 (bench, row: +5).
    workout = app.start()
    squat_sets = [s["set_index"] for s in work_sets(workout) if s["lift"] == "squat"]
    app.log_prescribed_sets(workout, reps={squat_sets[-1]: 3})
    assert "squat" not in changes(app.finish(workout))
    assert _slot(app, "squat") == (135, 1)

    # The lifter fixes the typo: the failure is reverted and the session's +5 applied: 140.
    fixed = app.correct_set(workout, squat_sets[-1], reps=5, note="typed 3, did 5")
    assert [(p["correction"], p["rule"], p["previous"], p["new"]) for p in fixed["progressions_applied"]
            if p["slot"] == "squat"] == [("reverted", "deload-after-three-failures", 135, 135),
                                         ("applied", "add-weight", 135, 140)]
    assert fixed["workout"]["status"] == "COMPLETED" and fixed["state"]["position"]["day_index"] == 1
    assert _slot(app, "squat") == (140, 0)

    # Workout B starts from the corrected squat; a set logged by mistake is deleted.
    workout = app.start()
    assert weights(workout, "squat") == [140] * 5
    app.log_set(workout, work_set(workout, "squat"), 5)
    press = work_set(workout, "overhead-press")
    app.log_set(workout, press, 2)  # meant for later: the press set 1, logged before it was done
    assert _slot(app, "overhead-press") == (75, 1)
    deleted = app.delete_set(workout, press)
    assert deleted["workout"]["status"] == "IN_PROGRESS"
    assert _slot(app, "overhead-press") == (75, 0)


def _slot(app, slot: str) -> tuple[float, int]:
    found = next(s for s in app.enrollment()["enrollment"]["slots"] if s["slot"] == slot)
    return found["weight"], found["failure_count"]

