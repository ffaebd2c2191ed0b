"""Starting Strength through the API: A/B alternation, +5/+10 lb per successful session,
a failed lift repeating its weight. Weights in lb (programs.md, worked numbers)."""

from __future__ import annotations

from tests.e2e.frontend import changes, weights, work_set

WORK_WEIGHTS = {"squat.work": 135, "overhead-press.work": 75, "bench-press.work": 115, "deadlift.work": 185}


def test_a_new_lifter_runs_the_first_cycle_and_starts_the_second(frontend):
    """A lifter enrolls with starting work weights and runs both weeks (A/B/A, B/A/B)."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)

    # Session 1 (A): squat 135, press 75, deadlift 185; all succeed, each goes up.
    workout, finished = app.complete_workout()
    assert (weights(workout, "squat"), weights(workout, "overhead-press"), weights(workout, "deadlift")) == (
        [135] * 3, [75] * 3, [185])
    assert changes(finished) == {
        "squat": (135, 140, "add-weight", "AFTER_SESSION"),
        "overhead-press": (75, 80, "add-weight", "AFTER_SESSION"),
        "deadlift": (185, 195, "add-weight", "AFTER_SESSION"),
    }
    # Session 2 (B): squat 140, bench 115, deadlift 195.
    workout, finished = app.complete_workout()
    assert (weights(workout, "squat"), weights(workout, "bench-press"), weights(workout, "deadlift")) == (
        [140] * 3, [115] * 3, [195])
    # Session 3 (A): squat 145, press 80, deadlift 205; the week completes after it.
    workout, finished = app.complete_workout()
    assert (weights(workout, "squat"), weights(workout, "overhead-press"), weights(workout, "deadlift")) == (
        [145] * 3, [80] * 3, [205])

    # Week 2 (B/A/B): 150 / 155 / 160 squat; the last finish reaches the cycle boundary.
    squats = []
    for _ in range(3):
        workout, finished = app.complete_workout()
        squats.append(weights(workout, "squat")[0])
    assert squats == [150, 155, 160]
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    # Cycle 2 opens with A again: squat 165; press went 75, 80, 85 in the three A sessions -> 90.
    app.next_cycle()
    workout = app.start()
    assert weights(workout, "squat") == [165] * 3 and weights(workout, "overhead-press") == [90] * 3


def test_a_failed_lift_repeats_its_weight(frontend):
    """A squat set short of its reps holds the squat; the other lifts still progress."""
    app = frontend("starting-strength")
    app.register()
    app.enroll(WORK_WEIGHTS)
    workout = app.start()
    app.log_prescribed_sets(workout, reps={work_set(workout, "squat", 3): 3})  # third squat set: 3 of 5
    finished = app.finish(workout)
    assert "squat" not in changes(finished)
    assert changes(finished)["deadlift"][:2] == (185, 195)
    workout = app.start()
    assert weights(workout, "squat") == [135] * 3

