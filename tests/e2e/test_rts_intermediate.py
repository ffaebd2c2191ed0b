"""RTS Generalized Intermediate Program through the API: nine weeks of RPE loads, then it ends.

The program's numbers are its worked examples, in specs/programs/rts-intermediate.yaml, run by
test_program_examples.py: every top set's load from the RPE chart, the load drops and repeats,
each lift's max following its top sets week by week to the week-9 singles and COMPLETED, the
next run's loads from the maxes earned, and top sets harder or easier than planned. This module
keeps what is about the API and the example vocabulary cannot say: a fatigue set is open-ended
and logged as often as the lifter does it (an example logs each set once), the answer to a
logged top set re-prescribes the sets after it (an example sees a workout's loads only at its
start, and one RPE per lift and workout), and the state block after every call through the 36
workouts, then enrolling again from a COMPLETED program.

Starting 1RMs (programs-detail.md 2.5): squat 300, bench 200, deadlift 400. Chart: 5 @ 9 and
4 @ 8 = 83.7%, 5 @ 10 = 86.3%, 5 @ 8 = 81.1%.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400}


def work(workout: dict) -> list[dict]:
    """The workout's work sets in order (the warm-ups before them are left out)."""
    return [s for s in workout["sets"] if not s["warmup"]]


def log(app, workout: dict, number: int, rpe: float | None = None) -> dict:
    """Log the ``number``-th work set (0-based) at its current prescription (re-prescribed after
    each logged top set), at its target reps and RPE unless told otherwise; a fatigue set is
    logged at its stop RPE. Warm-ups are skipped."""
    item = work(workout)[number]
    answer = app.log_set(workout, item["set_index"], item["target_reps"],
                         rpe=rpe if rpe is not None else item["rpe"] or item["stop_rpe"])
    workout["sets"] = answer["workout"]["sets"]
    return answer


def run_workout(app) -> dict:
    """Start, log every work set as planned, finish: the finish's answer."""
    workout = app.start()
    for number in range(len(work(workout))):
        log(app, workout, number)
    return app.finish(workout)


def test_a_fatigue_set_is_logged_until_its_rpe_and_the_program_ends_and_starts_again(frontend):
    app = frontend("rts-intermediate")
    app.register()
    app.enroll(ONE_RMS)
    for _ in range(4):  # week 1
        run_workout(app)

    # Week 2 day 1: squat x4 @ 8, then the load drop, sets of 4 until RPE 8 again: open-ended,
    # logged once at RPE 7, then again at RPE 8, where the lifter stops. No answer applies a rule.
    workout = app.start()
    drop = work(workout)[1]
    assert (drop["kind"], drop["open_ended"], drop["target_reps"], drop["stop_rpe"]) == ("fatigue", True, 4, 8)
    log(app, workout, 0)
    assert changes(log(app, workout, 1, rpe=7)) == {} and changes(log(app, workout, 1, rpe=8)) == {}
    for number in (2, 3):
        log(app, workout, number)
    assert changes(app.finish(workout)) == {}

    for _ in range(3 + 7 * 4):  # the rest of weeks 2-9, the state block checked at every step
        finished = run_workout(app)
    assert finished["state"]["enrollment_status"] == "COMPLETED"  # the program has ended

    # Enrolling again with the maxes the lifter earned (the first example's week 9): they are the slots.
    app.enroll_again({"squat.1rm": 311.861, "bench-press.1rm": 209.611, "deadlift.1rm": 410})
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 311.861, "bench-press": 209.611, "deadlift": 410}


def test_the_answer_to_a_top_set_re_prescribes_the_sets_after_it(frontend):
    """Squat 3x5 @ 9 logged at RPE 10, then 8, then 9: each answer carries the sets' new loads."""
    app = frontend("rts-intermediate")
    app.register()
    app.enroll(ONE_RMS)
    workout = app.start()
    assert weights(workout, "squat") == [255] * 3  # 83.7% x 300 = 251.1 -> 255

    # 255 x5 felt like RPE 10: max 255 / 0.863 = 295.481; the next sets 83.7% x 295.481 = 247.32 -> 250.
    answer = log(app, workout, 0, rpe=10)
    assert changes(answer) == {"squat": (300, 295.481, "rpe-max", "AFTER_SET")}
    assert weights(answer["workout"], "squat") == [255, 250, 250]
    # 250 x5 at RPE 8: max 250 / 0.811 = 308.261; the last set 83.7% x 308.261 = 258.01 -> 260.
    answer = log(app, workout, 1, rpe=8)
    assert changes(answer) == {"squat": (295.481, 308.261, "rpe-max", "AFTER_SET")}
    assert weights(answer["workout"], "squat") == [255, 250, 260]
    # 260 x5 at RPE 9 as planned: max 260 / 0.837 = 310.633.
    assert changes(log(app, workout, 2))["squat"][:2] == (308.261, 310.633)
