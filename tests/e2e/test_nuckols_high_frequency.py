"""Greg Nuckols High Frequency through the API: a three-week, six-day cycle that repeats.

Bench and squat five days a week at a fixed percentage of the 1RM per day (Mon 75%, Tue 80%,
Wed 70%, Thu 85%, Sat 65%), press and deadlift on Friday at 85%; the sets and reps grow week by
week, and week 3's Thursday and Friday sets are one AMAP each. Back work (Thursday pulldowns,
Saturday T-bar rows) is percent of a 6RM; in week 3 it is sets of 6 at the 6RM until one falls
short, logged as many times as the lifter does them. Accessories are max-rep sets at a weight
the lifter picks, stopped at an RPE. Nothing moves until the cycle is completed; then each 1RM
moves by its AMAP reps (6-7 +5 lb, 8-9 +10, 10+ +15, fewer hold) and each 6RM rises 2% per set
of 6 completed after the first.

The loads of every day, the AMAPs moving the 1RMs and cycle 2's loads are the program's worked
examples (specs/programs/nuckols-high-frequency.yaml, test_program_examples.py). This module
keeps the state blocks and what the scenario vocabulary cannot say: an open-ended set of six
logged once per set attempted (6, 6, 6, 6, 5), whose count moves the 6RM.

Starting maxes: 1RM squat 300, bench 200, deadlift 400, press 135; 6RM T-bar row 185, pulldown
150. Loads nearest 5 lb, halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes

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

    # Week 3's back work is one open-ended set, logged once per set of six attempted.
    assert [s["open_ended"] for s in sessions[3, "thursday"]["sets"] if s["lift"] == "lat-pulldown"] == [True]

    app.next_cycle()
    app.start()
