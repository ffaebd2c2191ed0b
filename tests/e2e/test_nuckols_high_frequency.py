"""Greg Nuckols High Frequency through the API: a three-week, six-day cycle that repeats.

Bench and squat five days a week at a fixed percentage of the 1RM per day (Mon 75%, Tue 80%,
Wed 70%, Thu 85%, Sat 65%), press and deadlift on Friday at 85%; the sets and reps grow week by
week, and week 3's Thursday and Friday sets are one AMAP each. Back work (Thursday pulldowns,
Saturday T-bar rows) is percent of a 6RM; in week 3 it is sets of 6 at the 6RM until one falls
short, logged as many times as the lifter does them. Accessories are max-rep sets at a weight
the lifter picks, stopped at an RPE. Nothing moves until the cycle is completed; then each 1RM
moves by its AMAP reps (6-7 +5 lb, 8-9 +10, 10+ +15, fewer hold) and each 6RM rises 2% per set
of 6 completed after the first.

Starting maxes: 1RM squat 300, bench 200, deadlift 400, press 135; 6RM T-bar row 185, pulldown
150. Loads nearest 5 lb, halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

MAXES = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135,
         "t-bar-row.6rm": 185, "lat-pulldown.6rm": 150}
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday")
AMAP = {"bench-press": 8, "squat": 6, "deadlift": 10, "overhead-press": 5}
SETS_OF_SIX = {"t-bar-row": [6, 6, 6, 6, 5], "lat-pulldown": [6, 4]}
ACCESSORY_WEIGHT, ACCESSORY_REPS = 30, 12


def run_day(app) -> tuple[dict, list, dict]:
    """Start, log every set (week-3 AMAPs and sets of six as chosen above), finish."""
    workout = app.start()
    applied = []
    for item in workout["sets"]:
        weight, reps = None, [item["target_reps"]]  # weight None: as prescribed
        if item["kind"] == "until_failure":  # one set_index, logged once per set of 6 attempted
            reps = SETS_OF_SIX[item["lift"]]
        elif item["kind"] == "mrs":  # accessories: the lifter's weight (abs: bodyweight), reps to the RPE
            weight, reps = (0 if item["lift"] == "hanging-leg-raise" else ACCESSORY_WEIGHT), [ACCESSORY_REPS]
        elif item["is_amrap"]:
            reps = [AMAP[item["lift"]]]
        for count in reps:
            answer = app.log_set(workout, item["set_index"], count, weight, item["rpe"])
            applied += answer["progressions_applied"]
    return workout, applied, app.finish(workout)


def main_sets(workout: dict, lift: str) -> list[tuple]:
    return [(s["weight"], s["target_reps"]) for s in workout["sets"] if s["lift"] == lift]


def test_three_weeks_then_the_amaps_and_sets_of_six_move_the_maxes(frontend):
    """Every workout of the first cycle; the maxes move when its last workout is finished."""
    app = frontend("nuckols-high-frequency")
    app.register()
    app.enroll(MAXES)
    sessions = {}
    for week in (1, 2, 3):
        for day in DAYS:
            workout, applied, finished = run_day(app)
            sessions[week, day] = workout
            assert applied == []
            if (week, day) != (3, "saturday"):
                assert changes(finished) == {}, (week, day)
    # Completing the cycle: bench AMAP 8 (8-9) +10 -> 210; squat 6 (6-7) +5 -> 305; deadlift 10
    # (10+) +15 -> 415; press 5 holds. T-bar row 4 sets of 6, 3 after the first: 185 x 1.06 = 196.1;
    # pulldown 1 set of 6 (the second made 4): holds.
    assert changes(finished) == {
        "bench-press": (200, 210, "amap-max", "AFTER_CYCLE"),
        "squat": (300, 305, "amap-max", "AFTER_CYCLE"),
        "deadlift": (400, 415, "amap-max", "AFTER_CYCLE"),
        "t-bar-row": (185, 196.1, "sets-of-six", "AFTER_CYCLE"),
    }
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    # Week 1 bench (1RM 200): Mon 4x3 @ 75% 150, Tue 3x2 @ 80% 160, Wed 4x4 @ 70% 140,
    # Thu 3x1 @ 85% 170, Sat 5x5 @ 65% 130. Squat (300): 225, 240, 210, 255, 195.
    bench_days = ("monday", "tuesday", "wednesday", "thursday", "saturday")
    assert [main_sets(sessions[1, d], "bench-press") for d in bench_days] == [
        [(150, 3)] * 4, [(160, 2)] * 3, [(140, 4)] * 4, [(170, 1)] * 3, [(130, 5)] * 5]
    assert [weights(sessions[1, d], "squat")[0] for d in bench_days] == [225, 240, 210, 255, 195]
    # Friday: press 85% of 135 = 114.75 -> 115, deadlift 85% of 400 = 340, 3 singles each.
    assert main_sets(sessions[1, "friday"], "overhead-press") == [(115, 1)] * 3
    assert main_sets(sessions[1, "friday"], "deadlift") == [(340, 1)] * 3
    # Accessories carry no weight and an RPE to stop at (triceps 2 sets @ 8 on Monday).
    triceps = [s for s in sessions[1, "monday"]["sets"] if s["lift"] == "triceps-extension"]
    assert [(s["kind"], s["weight"], s["rpe"]) for s in triceps] == [("mrs", None, 8)] * 2
    # Volume grows at the same weights: Monday bench 5x3 in week 2, 5x4 in week 3; Saturday 6x5, 6x6.
    assert main_sets(sessions[2, "monday"], "bench-press") == [(150, 3)] * 5
    assert main_sets(sessions[3, "monday"], "bench-press") == [(150, 4)] * 5
    assert main_sets(sessions[3, "saturday"], "squat") == [(195, 6)] * 6
    # Week 3 Thursday and Friday: one AMAP set ("1+") at 85% per lift.
    amaps = [(s["lift"], s["weight"], s["target_reps"]) for d in ("thursday", "friday")
             for s in sessions[3, d]["sets"] if s["is_amrap"] and s["kind"] == "work"]
    assert amaps == [("bench-press", 170, 1), ("squat", 255, 1), ("overhead-press", 115, 1), ("deadlift", 340, 1)]
    # T-bar row from its 6RM 185: week 1 4x12 @ 77.5% 143.375 -> 145; week 2 4x8 @ 85% 157.25 -> 155;
    # week 3 one open-ended set of 6 @ 100% = 185. Pulldown 150: 116.25 -> 115, 127.5 -> 130, 150.
    assert [main_sets(sessions[w, "saturday"], "t-bar-row") for w in (1, 2, 3)] == [
        [(145, 12)] * 4, [(155, 8)] * 4, [(185, 6)]]
    assert [weights(sessions[w, "thursday"], "lat-pulldown")[0] for w in (1, 2, 3)] == [115, 130, 150]
    assert [s["open_ended"] for s in sessions[3, "thursday"]["sets"] if s["lift"] == "lat-pulldown"] == [True]

    # Cycle 2, Monday: bench 75% of 210 = 157.5 -> 160 x3 x4; squat 75% of 305 = 228.75 -> 230.
    app.next_cycle()
    workout = app.start()
    assert main_sets(workout, "bench-press") == [(160, 3)] * 4
    assert main_sets(workout, "squat") == [(230, 3)] * 4
