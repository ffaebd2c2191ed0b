"""Starting Strength through the API, as a frontend drives it: the state block at every step.

The program's numbers (A/B alternation, +5/+10 lb per successful session, a failed lift
repeating its weight, cycle 2's first loads) are its worked examples, in
specs/programs/starting-strength.yaml, run by test_program_examples.py. This module keeps what
is about the API itself: the full state block after every call (``Frontend`` checks it against
the program's published shape) and the recording the frontend guide is built from.
"""

from __future__ import annotations

from tests.e2e.frontend import work_set

WORK_WEIGHTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}


def test_a_new_lifter_runs_the_first_cycle_and_starts_the_second(frontend):
    """A lifter enrolls with starting work weights, runs both weeks (A/B/A, B/A/B), reaches
    BETWEEN_CYCLES and starts cycle 2: the guide's canonical recording."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)
    for _ in range(6):
        workout, finished = app.complete_workout()
        assert finished["progressions_applied"]  # every session at target moves its lifts
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()
    workout = app.start()
    assert (workout["cycle_iteration"], workout["week"], workout["day_index"]) == (2, 1, 0)


def test_a_failed_set_is_logged_short_and_the_workout_still_finishes(frontend):
    """A set logged short of its reps is accepted; the finish answers with the state block."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)
    workout = app.start()
    app.log_prescribed_sets(workout, reps={work_set(workout, "squat", 3): 3})  # third squat set: 3 of 5
    app.finish(workout)
