"""Starting Strength through the API, as a frontend drives it: the state block at every step.

The program's numbers (A/B alternation, +5/+10 lb per successful session, a failed lift
repeating its weight, cycle 2's first loads) are its worked examples, in
specs/programs/starting-strength.yaml, run by test_program_examples.py. This module keeps what
is about the API itself: the full state block after every call (``Frontend`` checks it against
the program's published shape) and the recording the frontend guide is built from.
"""

from __future__ import annotations

from tests.e2e.frontend import changes, work_set
from tests.support.work_sets import warmup_sets

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


def test_warm_ups_logged_short_deleted_or_corrected_count_for_nothing(frontend):
    """Warm-ups come before each lift's work sets, marked `warmup: true`; they may be logged (here
    every one a rep short), deleted or corrected, and never count for failure, progression or
    records. Squat 135: the bar x5 x2, 40% 54 -> 50 x5, 60% 81 -> 80 x3, 80% 108 -> 105 x2
    (floored to 5), then 3x5 @ 135."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)
    workout = app.start()
    squat = [(s["weight"], s["target_reps"], s["warmup"]) for s in workout["sets"] if s["lift"] == "squat"]
    assert squat == [(45, 5, True), (45, 5, True), (50, 5, True), (80, 3, True), (105, 2, True)] + [(135, 5, False)] * 3
    first = workout["sets"][0]
    assert (first["kind"], first["basis"], first["rest"], first["set_index"]) == ("warmup", "empty bar", None, 0)
    short = {s["set_index"]: s["target_reps"] - 1 for s in warmup_sets(workout)}
    assert app.log_prescribed_sets(workout, short, warmups=True) == []  # no ON_FAILURE for a short warm-up
    app.delete_set(workout, first["set_index"])
    finished = app.finish(workout)
    assert changes(finished) == {"squat": (135, 140, "add-weight", "AFTER_SESSION"),
                                 "overhead-press": (75, 80, "add-weight", "AFTER_SESSION"),
                                 "deadlift": (185, 195, "add-weight", "AFTER_SESSION")}
    app.correct_set(workout, work_set(workout, "squat") - 1, reps=0)  # the 105 x2 warm-up, after the finish
    squat_slot = next(s for s in app.enrollment()["enrollment"]["slots"] if s["slot"] == "squat")
    assert (squat_slot["weight"], squat_slot["failure_count"]) == (140, 0)  # no failure counted
    records = app.call("records: warm-ups never count", "GET", f"/users/{app.lifter.id}/records?lift=squat")
    # Only the work sets: 135 x5 (the warm-ups' 45 x4, 50 x4, 80 x2 and 105 x1 would be rep maxes too).
    assert [(m["reps"], m["weight"]) for m in records["records"][0]["rep_maxes"]] == [(5, 135)]
