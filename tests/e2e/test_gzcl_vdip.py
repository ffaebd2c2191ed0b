"""GZCL VDIP (Volume-Dependent Intensity Progression) through the API: one week of five days, repeated.

Every set is a max-rep set (open reps, logged). Each exercise keeps its own weight: T1 (3 sets)
starts at 85% of its training max, T2 (3 sets) at 65%, T3 (4 sets) at an entered 10RM (optional:
without one the lifter picks the weight, and it never progresses). When a workout is finished,
each exercise's weight moves by the total of its reps: T1 15+ +10 lb, 10-14 +5, fewer hold; T2 30+
+10, 25-29 +5, fewer hold; T3 50+ +5, fewer hold. Squat and front squat are T1 one day and T2
another, two separate weights. The test runs the first week with each row of the three tables,
then starts the second.

Training maxes (a weight the lifter can double): squat 270, front squat 200, bench 180, deadlift
360, press 120, stiff-leg deadlift 240, Spoto press 160, push press 150; T3 10RMs entered for
some lifts only. Loads nearest 5 lb, halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

INPUTS = {
    "squat.2rm": 270, "front-squat.2rm": 200, "bench-press.2rm": 180, "deadlift.2rm": 360,
    "overhead-press.2rm": 120, "stiff-leg-deadlift.2rm": 240, "spoto-press.2rm": 160, "push-press.2rm": 150,
    "lunge.10rm": 60, "close-grip-bench-press.10rm": 115, "dumbbell-shoulder-press.10rm": 50,
    "seated-cable-row.10rm": 100, "incline-bench-press.10rm": 95, "barbell-row.10rm": 115, "barbell-curl.10rm": 65,
}
# Where no 10RM was entered the lifter picks the weight (pull-ups and dips: added load).
CHOSEN = {"pull-up": 0, "dumbbell-row": 60, "dip": 0}


def run_day(app, reps: dict[str, list[int]]) -> tuple[dict, dict]:
    """Start, log each exercise's max-rep sets with ``reps[lift]``, finish."""
    workout = app.start()
    done: dict[str, int] = {}
    for item in workout["sets"]:
        assert item["kind"] == "mrs" and item["target_reps"] is None and item["is_amrap"]
        lift = item["lift"]
        count = reps[lift][done.setdefault(lift, 0)]
        done[lift] += 1
        weight = None if item["weight"] is not None else CHOSEN[lift]
        assert app.log_set(workout, item["set_index"], count, weight)["progressions_applied"] == []
    return workout, app.finish(workout)


def test_a_week_of_max_rep_sets_moves_each_weight_by_its_total(frontend):
    """Five days, each row of the T1 / T2 / T3 tables, then day 1 of week 2."""
    app = frontend("gzcl-vdip")
    app.register()
    app.enroll(INPUTS)

    # Day 1. Squat T1 85% of 270 = 229.5 -> 230; stiff-leg deadlift T2 65% of 240 = 156 -> 155;
    # lunge T3 at its 10RM 60; pull-ups without a 10RM: no weight.
    # Totals: squat 6+5+4 = 15 -> +10; SLDL 11+10+9 = 30 -> +10; lunge 13+13+12+12 = 50 -> +5.
    workout, finished = run_day(app, {"squat": [6, 5, 4], "stiff-leg-deadlift": [11, 10, 9],
                                      "lunge": [13, 13, 12, 12], "pull-up": [20, 20, 20, 20]})
    assert (weights(workout, "squat"), weights(workout, "stiff-leg-deadlift")) == ([230] * 3, [155] * 3)
    assert (weights(workout, "lunge"), weights(workout, "pull-up")) == ([60] * 4, [None] * 4)
    assert changes(finished) == {
        "squat.t1": (230, 240, "t1-volume", "AFTER_SESSION"),
        "stiff-leg-deadlift.t2": (155, 165, "t2-volume", "AFTER_SESSION"),
        "lunge.t3": (60, 65, "t3-volume", "AFTER_SESSION"),
    }

    # Day 2. Bench T1 85% of 180 = 153 -> 155; Spoto T2 65% of 160 = 104 -> 105; close-grip 115 and
    # dumbbell press 50 (10RMs). Bench 5+5+4 = 14 -> +5; Spoto 9+8+8 = 25 -> +5; close-grip
    # 12+12+12+13 = 49 holds; dumbbell press 15 x 4 = 60 -> +5.
    workout, finished = run_day(app, {"bench-press": [5, 5, 4], "spoto-press": [9, 8, 8],
                                      "close-grip-bench-press": [12, 12, 12, 13], "dumbbell-shoulder-press": [15] * 4})
    assert (weights(workout, "bench-press"), weights(workout, "spoto-press")) == ([155] * 3, [105] * 3)
    assert changes(finished) == {
        "bench-press.t1": (155, 160, "t1-volume", "AFTER_SESSION"),
        "spoto-press.t2": (105, 110, "t2-volume", "AFTER_SESSION"),
        "dumbbell-shoulder-press.t3": (50, 55, "t3-volume", "AFTER_SESSION"),
    }

    # Day 3. Deadlift T1 85% of 360 = 306 -> 305; front squat T2 65% of 200 = 130.
    # Deadlift 3+3+3 = 9 holds; front squat 8+8+8 = 24 holds; cable row 50 -> +5.
    workout, finished = run_day(app, {"deadlift": [3, 3, 3], "front-squat": [8, 8, 8],
                                      "dumbbell-row": [12] * 4, "seated-cable-row": [13, 13, 12, 12]})
    assert (weights(workout, "deadlift"), weights(workout, "front-squat")) == ([305] * 3, [130] * 3)
    assert changes(finished) == {"seated-cable-row.t3": (100, 105, "t3-volume", "AFTER_SESSION")}

    # Day 4. Press T1 85% of 120 = 102 -> 100; push press T2 65% of 150 = 97.5 -> 100.
    # Press 4+3+3 = 10 -> +5; push press 10+10+10 = 30 -> +10; incline 12 x 4 = 48 holds.
    workout, finished = run_day(app, {"overhead-press": [4, 3, 3], "push-press": [10, 10, 10],
                                      "incline-bench-press": [12] * 4, "dip": [15] * 4})
    assert (weights(workout, "overhead-press"), weights(workout, "push-press")) == ([100] * 3, [100] * 3)
    assert changes(finished) == {
        "overhead-press.t1": (100, 105, "t1-volume", "AFTER_SESSION"),
        "push-press.t2": (100, 110, "t2-volume", "AFTER_SESSION"),
    }

    # Day 5. Front squat T1 85% of 200 = 170 (not day 3's T2 130); squat T2 65% of 270 = 175.5
    # -> 175 (not day 1's T1, now 240). Front squat 5+5+5 = 15 -> +10; squat 9+9+9 = 27 -> +5;
    # barbell row 13 x 4 = 52 -> +5; curl 10 x 4 = 40 holds. The week, and the cycle, are complete.
    workout, finished = run_day(app, {"front-squat": [5, 5, 5], "squat": [9, 9, 9],
                                      "barbell-row": [13] * 4, "barbell-curl": [10] * 4})
    assert (weights(workout, "front-squat"), weights(workout, "squat")) == ([170] * 3, [175] * 3)
    assert changes(finished) == {
        "front-squat.t1": (170, 180, "t1-volume", "AFTER_SESSION"),
        "squat.t2": (175, 180, "t2-volume", "AFTER_SESSION"),
        "barbell-row.t3": (115, 120, "t3-volume", "AFTER_SESSION"),
    }
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    # Week 2, day 1: squat 240, stiff-leg deadlift 165, lunge 65; pull-ups still the lifter's choice.
    app.next_cycle()
    workout = app.start()
    assert weights(workout, "squat") == [240] * 3 and weights(workout, "stiff-leg-deadlift") == [165] * 3
    assert weights(workout, "lunge") == [65] * 4 and weights(workout, "pull-up") == [None] * 4
