"""5/3/1 Building the Monolith through the API: six weeks, then the program is complete.

The program's numbers (every main-lift load of the six weeks from the training maxes, the
widowmakers and Friday presses, the TM bump after week 3, COMPLETED after week 6) are its
worked examples, in specs/programs/building-the-monolith.yaml, run by
test_program_examples.py. This module keeps what is about the API: the state block after
every call through the 18 workouts, a 100-rep total logged in several parts under its one
set_index (the examples log it in one), and what a COMPLETED enrollment allows: next-cycle is
refused and enrolling again starts the six weeks anew.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}
# Weights the lifter picks where the program leaves them open (bodyweight lifts: added load).
CHOSEN = {"face-pull": 40, "dumbbell-row": 70, "barbell-curl": 65, "shrug": 225, "chin-up": 0, "dip": 0}


def run_day(app) -> dict:
    """Start the next workout, log every set, finish. A 100-rep total is logged as 40 + 30 + 30
    under its one set_index; the Monday press max-rep set gets 10 reps."""
    workout = app.start()
    for item in workout["sets"]:
        weight = None if item["weight"] is not None else CHOSEN[item["lift"]]
        if item["kind"] == "total_reps":
            assert item["open_ended"] and item["target_reps"] == 100
            reps = [40, 30, 30]
        else:
            reps = [item["target_reps"] or 10]  # a max-rep set has no target
        for count in reps:  # an open-ended set accepts each part under the same set_index
            answer = app.log_set(workout, item["set_index"], count, weight)
            assert answer["set"]["set_index"] == item["set_index"] and answer["set"]["reps"] == count
    return app.finish(workout)


def test_six_weeks_then_complete_and_enrolled_again(frontend):
    """The whole six weeks, each step's state block checked; the finish of week 6's Friday
    completes the program, whose one action is to enroll again."""
    app = frontend("building-the-monolith")
    app.register()
    app.enroll(ONE_RMS)
    for _ in range(6 * 3):
        finished = run_day(app)
    assert finished["state"]["enrollment_status"] == "COMPLETED"

    # Enrolling again (the completed enrollment is history) starts from the 1RMs entered: week 1
    # Monday's squat on TM 255 (70% 178.5 -> 180, 80% 204 -> 205, 5x5 @ 90% 229.5 -> 230).
    app.enroll_again(ONE_RMS)
    assert weights(app.start(), "squat") == [180, 205] + [230] * 5
