"""Calgary Barbell 8-Week through the API: a peak for a meet, 8 training weeks and the meet week.

Four days a week. Weeks 1-4 (accumulation): heavy and volume sets of the competition lifts at a
% of the 1RM, RPE sets of variations and accessories at a load the lifter picks. Weeks 5-8
(intensification): an RPE top set (x3, x2, x1, x1) of each competition lift, shown at the RPE
chart load of the 1RM (programs-detail.md 2.4) as a starting point, then back-off sets at a
fixed % of the 1RM. Week 9 counts down to the meet: sessions 5, 4, 3 and 2 days out, openers
chosen by the lifter. Nothing progresses inside the program: no set or workout changes a max,
whatever the lifter logs; the program ends at the meet (COMPLETED), and enrolling again
starts from the same maxes (the meet results are entered as the next maxes).

Starting 1RMs (programs-detail.md 2.5): squat 300, bench 200, deadlift 400. Loads nearest 5 lb,
halves up. The test runs all 36 workouts, every set at its target reps and RPE.
"""

from __future__ import annotations

import pytest

from tests.e2e.calgary import CHOSEN, ONE_RMS, run_workout
from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only


def test_a_lifter_peaks_for_a_meet_in_nine_weeks(frontend):
    """The whole program; the week 5 squat top set logged heavier than shown changes nothing."""
    app = frontend("calgary-barbell-8")
    app.register()
    app.enroll(ONE_RMS)

    # Week 1 day 1: squat 3x3 @ 76% = 228 -> 230, 2x5 @ 65% = 195; comp pause bench 4x3 @ 76%
    # = 152 -> 150, 2x5 @ 65% = 130; SLDL 4x9 @ RPE 8 and 3 x 30 s side planks, lifter's load.
    workout = run_workout(app)
    assert weights(workout, "squat") == [230] * 3 + [195] * 2
    assert weights(workout, "bench-press") == [150] * 4 + [130] * 2
    sldl = [s for s in workout["sets"] if s["lift"] == "stiff-leg-deadlift"]
    assert [(s["weight"], s["target_reps"], s["rpe"]) for s in sldl] == [(None, 9, 8)] * 4
    plank = [s for s in workout["sets"] if s["lift"] == "side-plank"]
    assert [(s["kind"], s["seconds"]) for s in plank] == [("timed", 30)] * 3
    # Day 2: deadlift 3x3 @ 76% = 304 -> 305, 2x5 @ 65% = 260; light squat 2x5 @ 62% = 186 -> 185.
    workout = run_workout(app)
    assert weights(workout, "deadlift") == [305] * 3 + [260] * 2 and weights(workout, "squat") == [185] * 2

    seen = {}
    for _ in range(4 * 4 - 2):  # the rest of weeks 1-4
        workout = run_workout(app)
        seen[(workout["week"], workout["day_index"] + 1)] = workout
    # Week 3 day 1: squat 5x2 @ 82% = 246 -> 245, 2x4 @ 68% = 204 -> 205.
    assert weights(seen[(3, 1)], "squat") == [245] * 5 + [205] * 2
    # Week 4 day 3: comp pause bench (volume) 6x5 @ 65% = 130.
    assert weights(seen[(4, 3)], "bench-press") == [130] * 6

    # Week 5 day 1: squat 1x3 @ RPE 8 = 86.3% x 300 = 258.9 -> 260, then 6x5 @ 62% = 186 -> 185.
    # The top set is logged at 265 (the lifter's pick for RPE 8): the back-offs stay a fixed % of
    # the 1RM. Bench 1x3 @ 8 = 172.6 -> 175, 7x5 @ 62% = 124 -> 125.
    workout = app.start()
    assert weights(workout, "squat") == [260] + [185] * 6
    assert weights(workout, "bench-press") == [175] + [125] * 7
    top = workout["sets"][0]
    assert (top["target_reps"], top["rpe"], top["percent"]) == (3, 8, 86.3)
    answer = app.log_set(workout, top["set_index"], 3, 265, rpe=8)
    assert answer["set"]["weight"] == 265 and answer["progressions_applied"] == []
    assert weights(answer["workout"], "squat") == [260] + [185] * 6
    for item in workout["sets"][1:]:
        weight = None if item["weight"] is not None else CHOSEN
        assert app.log_set(workout, item["set_index"], item["target_reps"], weight,
                           rpe=item["rpe"])["progressions_applied"] == []
    assert app.finish(workout)["progressions_applied"] == []

    for _ in range(4 * 4 - 1):  # the rest of weeks 5-8
        workout = run_workout(app)
        seen[(workout["week"], workout["day_index"] + 1)] = workout
    # Week 6 day 2: deadlift 1x2 @ RPE 8 = 89.2% x 400 = 356.8 -> 355, 6x5 @ 65% = 260.
    assert weights(seen[(6, 2)], "deadlift") == [355] + [260] * 6
    # Week 7 day 1: bench 1x1 @ RPE 9 = 95.5% x 200 = 191 -> 190, 5x4 @ 68% = 136 -> 135.
    assert weights(seen[(7, 1)], "bench-press") == [190] + [135] * 5
    # Week 8 day 2: deadlift 1x1 @ RPE 8 = 92.2% x 400 = 368.8 -> 370, 3x3 @ 72% = 288 -> 290.
    assert weights(seen[(8, 2)], "deadlift") == [370] + [290] * 3

    # Week 9, the meet week. 5 days out: squat opener (lifter's), 3x2 @ 78% = 234 -> 235; bench
    # opener, 3x2 @ 80% = 160.
    workout = run_workout(app)
    assert workout["name"] == "Week 9, 5 days out"
    assert weights(workout, "squat") == [None] + [235] * 3 and weights(workout, "bench-press") == [None] + [160] * 3
    # 4 days out: deadlift opener, 2x2 @ 78% = 312 -> 310; bench 4x1 @ 81% = 162 -> 160.
    workout = run_workout(app)
    assert weights(workout, "deadlift") == [None, 310, 310] and weights(workout, "bench-press") == [160] * 4
    # 3 days out: deadlift 1x1 @ 78% = 312 -> 310, 2x2 @ 71% = 284 -> 285.
    workout = run_workout(app)
    assert workout["name"] == "Week 9, 3 days out" and weights(workout, "deadlift") == [310, 285, 285]
    # 2 days out: squat 2x3 @ 71% = 213 -> 215; bench 3x3 @ 74% = 148 -> 150; deadlift 1x3 = 285.
    workout = app.start()
    assert weights(workout, "squat") == [215] * 2 and weights(workout, "bench-press") == [150] * 3
    app.log_prescribed_sets(workout)
    finished = app.finish(workout)
    assert finished["progressions_applied"] == []
    assert finished["state"]["enrollment_status"] == "COMPLETED"  # the meet ends the program

    # Enrolling again for the next meet: the maxes are as entered, so week 1 is unchanged.
    app.enroll_again(ONE_RMS)
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 300, "bench-press": 200, "deadlift": 400}
    workout = app.start()
    assert weights(workout, "squat") == [230] * 3 + [195] * 2
