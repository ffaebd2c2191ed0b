"""StrongLifts 5x5 through the API: session-by-session linear progression and its deload.

StrongLifts 5x5 (Mehdi Hadim) alternates two workouts three days a week: A = squat, bench,
barbell row, all 5x5; B = squat, overhead press 5x5, deadlift 1x5. Week 1 is A/B/A, week 2
B/A/B (the two-week cycle repeats). After each workout (AFTER_SESSION), every lift done with
all its reps goes up +5 lb (deadlift +10 lb); a lift with a set short of 5 repeats its weight.
Failing a lift in 3 consecutive sessions drops it to 90%, rounded to 5 lb (ON_FAILURE: it
fires on the failed set itself).

The test shows a new lifter running the whole first cycle: squat 135 -> 140 -> 145 ... on
successes (programs.md), a bench of 200 failed in each of its three sessions and deloaded to
180 on the third failed set, BETWEEN_CYCLES, and cycle 2's first workout.

Starting work weights (lb): squat 135, bench 200, row 95, press 75, deadlift 185.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights, work_set

pytestmark = pytest.mark.sqlite_only

WORK_WEIGHTS = {"squat.work": 135, "bench-press.work": 200, "barbell-row.work": 95,
                "overhead-press.work": 75, "deadlift.work": 185}
A_LIFTS, B_LIFTS = ("squat", "bench-press", "barbell-row"), ("squat", "overhead-press", "deadlift")


def bench_set(workout: dict, number: int) -> int:
    return work_set(workout, "bench-press", number)


def test_a_new_lifter_runs_the_first_cycle_with_a_bench_that_stalls(frontend):
    """Six workouts; every lift succeeds except bench, whose third set gets 3 reps each time."""
    app = frontend("stronglifts-5x5")
    app.register()
    app.enroll(WORK_WEIGHTS)  # ACTIVE / PENDING / PENDING

    # Worked by hand: each success adds 5 (deadlift 10) for the next session of that lift.
    #            squat  bench  row  press  deadlift
    expected = [
        ("A", 135, 200, 95, None, None),  # week 1
        ("B", 140, None, None, 75, 185),
        ("A", 145, 200, 100, None, None),
        ("B", 150, None, None, 80, 195),  # week 2
        ("A", 155, 200, 105, None, None),  # bench: third failed session -> 200 x 0.9 = 180
        ("B", 160, None, None, 85, 205),
    ]
    bench_failures = 0
    for day, squat, bench, row, press, deadlift in expected:
        workout = app.start()
        lifts = A_LIFTS if day == "A" else B_LIFTS
        assert {s["lift"] for s in workout["sets"]} == set(lifts)
        assert weights(workout, "squat") == [squat] * 5
        if day == "A":
            assert weights(workout, "bench-press") == [bench] * 5 and weights(workout, "barbell-row") == [row] * 5
            # The third bench set: 3 of 5. The third such session deloads on that very set, for
            # the next session: the two bench sets left today stay at 200.
            set_progressions = []
            for item in workout["sets"]:
                if item["warmup"]:
                    continue  # warm-ups skipped
                reps = 3 if item["set_index"] == bench_set(workout, 3) else 5
                answer = app.log_set(workout, item["set_index"], reps)
                set_progressions += answer["progressions_applied"]
                assert weights(answer["workout"], "bench-press") == [200] * 5
            # The failed set is counted (reported with the weight unchanged) until the third.
            bench_failures += 1
            after = 180 if bench_failures == 3 else 200  # 200 x 0.9 = 180 on the third
            assert changes(set_progressions) == {
                "bench-press": (200, after, "deload-after-three-failures", "ON_FAILURE")}
            finished = app.finish(workout)
            assert changes(finished) == {  # bench failed: it holds; the others go up
                "squat": (squat, squat + 5, "add-weight", "AFTER_SESSION"),
                "barbell-row": (row, row + 5, "add-weight", "AFTER_SESSION"),
            }
        else:
            assert weights(workout, "overhead-press") == [press] * 5 and weights(workout, "deadlift") == [deadlift]
            assert app.log_prescribed_sets(workout) == []
            finished = app.finish(workout)
            assert changes(finished) == {
                "squat": (squat, squat + 5, "add-weight", "AFTER_SESSION"),
                "overhead-press": (press, press + 5, "add-weight", "AFTER_SESSION"),
                "deadlift": (deadlift, deadlift + 10, "add-weight", "AFTER_SESSION"),
            }

    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    workout = app.start()
    # Cycle 2 opens with A: squat 160 + 5 = 165, bench at its deloaded 180, row 105 + 5 = 110.
    assert weights(workout, "squat") == [165] * 5
    assert weights(workout, "bench-press") == [180] * 5
    assert weights(workout, "barbell-row") == [110] * 5
    # A clean 5x5 at the deloaded weight starts the bench climbing again.
    assert app.log_prescribed_sets(workout) == []
    assert changes(app.finish(workout))["bench-press"] == (180, 185, "add-weight", "AFTER_SESSION")


def test_fixing_a_typo_in_a_logged_set(frontend):
    """A squat set logged as 3 reps instead of 5, fixed after the workout is finished; a set
    logged twice by mistake in the next workout, deleted while it is in progress."""
    app = frontend("stronglifts-5x5")
    app.register()
    app.enroll(WORK_WEIGHTS)

    # Workout A: every set 5 reps but the last squat set, typed as 3. The deload rule counts the
    # failure as the set is logged; finishing holds the squat at 135 (bench, row: +5).
    workout = app.start()
    squat_sets = [s["set_index"] for s in workout["sets"] if s["lift"] == "squat"]
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

