"""GZCL Jacked & Tan 2.0 through the API: twelve weeks, four days, then the program is complete.

The program's numbers are its worked examples, in specs/programs/jacked-and-tan-2.yaml, run by
test_program_examples.py: the T1 drop sets from the training max in weeks 1-5, the T2a loads
from a T1 TM, the week-6 and week-12 tests setting each tested TM to 90% of the 1RM logged (a
missed press test holding it), nothing moving in between, COMPLETED, and the next run's loads
from the week-12 TMs. This module keeps what is about the API and the example vocabulary cannot
say (an example sees a workout's sets only as they are prescribed at its start, and cannot say
a lift is absent):

- a rep max is found, not prescribed: the set has no weight, the lifter logs one;
- weeks 7-11: the T1 drop sets are 85% or 90% of the rep max just logged, so their weights
  appear in the answer to logging it; a T2b's max-rep sets repeat the weight logged for its
  rep max the same way;
- the tiers' rest weeks (T2a in 6 and 12, T2b in 6, 11 and 12, T3 in 7 and 12);
- the state block after every call through the 48 workouts, and enrolling again once COMPLETED.

Starting TMs: squat 270, bench 180, deadlift 360, press 120, front squat 200. Loads nearest 5 lb,
halves up.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only

TMS = {"squat.2rm": 270, "bench-press.2rm": 180, "deadlift.2rm": 360, "overhead-press.2rm": 120,
       "front-squat.2rm": 200}
DAYS = ("squat", "bench-press", "deadlift", "overhead-press")
# The T1 rep max the lifter logs, by week: (squat, bench, deadlift, press).
T1_LOGGED = {
    1: (215, 145, 285, 95), 2: (225, 150, 300, 100), 3: (235, 155, 315, 105), 4: (250, 165, 330, 110),
    5: (265, 175, 350, 115), 6: (315, 205, 405, 140), 7: (255, 170, 340, 110), 8: (270, 180, 360, 115),
    9: (290, 190, 380, 125), 10: (265, 175, 350, 115), 11: (280, 185, 370, 120), 12: (325, 210, 415, 135),
}
# T2b and T3 rep maxes the lifter finds (the same weight every week, for brevity).
FOUND = {"pendlay-row": 135, "dumbbell-shoulder-press": 50, "lat-pulldown": 120, "push-press": 95,
         "triceps-pushdown": 50, "seated-cable-row": 100, "hammer-curl": 30, "shrug": 185, "chest-fly": 80,
         "face-pull": 40, "leg-extension": 90, "dumbbell-row": 60, "barbell-curl": 50, "dumbbell-curl": 25}
# Weeks 7-11: T1 drop sets from today's rep max (sets, reps, weight).
# Week 7, 5x3 @ 85% of the 6RM: 255 -> 216.75 -> 215; 170 -> 144.5 -> 145; 340 -> 289 -> 290; 110 -> 93.5 -> 95.
# Week 8, 5x2 @ 85% of the 4RM: 270 -> 229.5 -> 230; 180 -> 153 -> 155; 360 -> 306 -> 305; 115 -> 97.75 -> 100.
# Week 9, 5x1 @ 85% of the 2RM: 290 -> 246.5 -> 245; 190 -> 161.5 -> 160; 380 -> 323 -> 325; 125 -> 106.25 -> 105.
# Week 10, 3x2 @ 90% of the 5RM: 265 -> 238.5 -> 240; 175 -> 157.5 -> 160; 350 -> 315; 115 -> 103.5 -> 105.
# Week 11, 3x1 @ 90% of the 3RM: 280 -> 252 -> 250; 185 -> 166.5 -> 165; 370 -> 333 -> 335; 120 -> 108 -> 110.
BACK_OFFS = {
    7: (5, 3, (215, 145, 290, 95)), 8: (5, 2, (230, 155, 305, 100)), 9: (5, 1, (245, 160, 325, 105)),
    10: (3, 2, (240, 160, 315, 105)), 11: (3, 1, (250, 165, 335, 110)),
}
MRS_REPS = 8


def run_day(app, week: int, lift: str) -> tuple[dict, dict, dict]:
    """Start, log every set in order (rep maxes at the chosen weights, max-rep sets for 8 reps),
    finish. Each set is logged at the weight of the latest answer's prescription. Returns the
    workout at its start, as its last set's answer shows it, and the finish's answer."""
    workout = app.start()
    current = workout
    for item in workout["sets"]:
        live = current["sets"][item["set_index"]]
        weight, reps = None, live["target_reps"]
        if live["kind"] == "rm_find":
            assert live["weight"] is None  # the lifter works up to it
            weight = T1_LOGGED[week][DAYS.index(lift)] if live["lift"] == lift else FOUND[live["lift"]]
        elif live["kind"] == "mrs":
            reps = MRS_REPS
        assert weight is not None or live["weight"] is not None, live
        current = app.log_set(workout, item["set_index"], reps, weight)["workout"]
    return workout, current, app.finish(workout)


def lifts(workout: dict) -> set[str]:
    return {s["lift"] for s in workout["sets"]}


def test_twelve_weeks_with_back_offs_from_logged_rep_maxes_then_enrolling_again(frontend):
    app = frontend("jacked-and-tan-2")
    app.register()
    app.enroll(TMS)
    started, done = {}, {}
    for week in range(1, 13):
        for lift in DAYS:
            started[week, lift], done[week, lift], finished = run_day(app, week, lift)
    assert finished["state"]["enrollment_status"] == "COMPLETED"

    # A T1 rep max to find: no weight; a T2b's 3 max-rep sets at the weight logged for its
    # rep max, shown once it is logged.
    first = started[1, "squat"]["sets"][0]
    assert (first["lift"], first["kind"], first["target_reps"], first["weight"]) == ("squat", "rm_find", 10, None)
    assert weights(started[1, "squat"], "pendlay-row") == [None] * 4
    assert weights(done[1, "squat"], "pendlay-row") == [None, 135, 135, 135]
    test = [s for s in started[6, "deadlift"]["sets"] if s["lift"] == "deadlift"]
    assert [(s["kind"], s["target_reps"], s["tag"]) for s in test] == [("rm_find", 1, "test")]

    # Weeks 7-11: the drop sets have no weight at the start; after the rep max is logged they are
    # 85% / 90% of it (BACK_OFFS), the last one AMRAP.
    for week, (count, reps, loads) in BACK_OFFS.items():
        for lift, load in zip(DAYS, loads, strict=True):
            before = [s for s in started[week, lift]["sets"] if s["lift"] == lift]
            after = [s for s in done[week, lift]["sets"] if s["lift"] == lift]
            assert [s["weight"] for s in before] == [None] * (count + 1), (week, lift)
            assert [(s["weight"], s["target_reps"], s["is_amrap"]) for s in after[1:]] == (
                [(load, reps, False)] * (count - 1) + [(load, reps, True)]), (week, lift)

    # Rest weeks. Week 6: the T1 test and T3 (T2a, T2b rest); week 7: T3 rests; week 11: T2b
    # rests; week 12: the T1 test only.
    assert lifts(started[6, "deadlift"]) == {"deadlift", "leg-extension", "dumbbell-row", "barbell-curl"}
    assert lifts(started[7, "squat"]) == {"squat", "deficit-deadlift", "pendlay-row"}
    assert lifts(started[11, "squat"]) == {"squat", "deficit-deadlift", "triceps-pushdown", "seated-cable-row",
                                           "hammer-curl"}
    assert lifts(started[12, "squat"]) == {"squat"}

    # COMPLETED: next-cycle is refused; enrolling again with the week-12 TMs starts week 1 anew.
    app.enroll_again({**TMS, "squat.2rm": 292.5, "bench-press.2rm": 189, "deadlift.2rm": 373.5,
                      "overhead-press.2rm": 121.5})
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (1, 1, 0)
