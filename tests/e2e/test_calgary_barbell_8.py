"""Calgary Barbell 8-Week through the API: a peak for a meet, 8 training weeks and the meet week.

The program's numbers (each phase's loads as a % of the 1RM, RPE top sets at the chart's load,
the meet week's countdown, nothing progressing anywhere) are its worked examples, in
specs/programs/calgary-barbell-8.yaml, run by test_program_examples.py. This module keeps what
is about the API: the state block through all 36 workouts, an RPE top set logged heavier than
shown (with its RPE) that changes nothing, the openers the lifter loads, and running the
program again for the next meet from the same maxes.
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
    for _ in range(4 * 4):  # weeks 1-4
        run_workout(app)

    # Week 5 day 1: the squat top set (x3 @ RPE 8) is logged at 265, the lifter's pick: the
    # back-offs stay a fixed % of the 1RM.
    workout = app.start()
    top = workout["sets"][0]
    assert (top["target_reps"], top["rpe"], top["percent"]) == (3, 8, 86.3)
    answer = app.log_set(workout, top["set_index"], 3, 265, rpe=8)
    assert answer["set"]["weight"] == 265 and answer["progressions_applied"] == []
    assert weights(answer["workout"], "squat") == weights(workout, "squat")
    for item in workout["sets"][1:]:
        weight = None if item["weight"] is not None else CHOSEN
        assert app.log_set(workout, item["set_index"], item["target_reps"], weight,
                           rpe=item["rpe"])["progressions_applied"] == []
    assert app.finish(workout)["progressions_applied"] == []

    for _ in range(4 * 4 - 1 + 3):  # the rest of weeks 5-8 and the meet week but its last day
        run_workout(app)
    workout = app.start()
    app.log_prescribed_sets(workout)
    finished = app.finish(workout)
    assert finished["progressions_applied"] == []
    assert finished["state"]["enrollment_status"] == "COMPLETED"  # the meet ends the program

    # Running it again for the next meet: the maxes are as entered, so week 1 is unchanged.
    before = weights(app.enrollment()["enrollment"]["next_workout"] or {"sets": []}, "squat")
    app.enroll_again(ONE_RMS)
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 300, "bench-press": 200, "deadlift": 400}
    assert before == []  # nothing is offered between cycles
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (1, 1, 0)
