"""Texas Method through the API: volume, recovery and intensity days derived from one weight.

The Texas Method (Rippetoe and Kilgore, after Pendlay) trains Monday (volume), Wednesday
(recovery) and Friday (intensity). Each lift's Friday weight F drives the week: Monday squat
and main press 5x5 at 90% of F, Wednesday squat 2x5 at 80% of Monday's (rounded) squat and
the light press 3x5 at 90% of its own F, Friday 1x5 at F (rounded down). Bench and press
alternate as the main press: week 1 bench, week 2 press (the two-week cycle repeats). The
deadlift is Monday 1x5, the power clean Friday 5x3. After each week (AFTER_WEEK, fired by
Friday's finish) every lift completed that week goes up +5 lb; a press only on its own Friday.

The test shows a new lifter running the whole first cycle, Monday/Wednesday/Friday loads
against hand-worked numbers (programs.md: squat F 300), nothing progressing until Friday's
finish, the AFTER_WEEK changes there, BETWEEN_CYCLES, and cycle 2's loads; then a missed
Friday squat that holds F.

Starting weights (lb): squat 5RM 300, bench 5RM 175, press 5RM 120 (each an F), deadlift
work weight 355, power clean 135. Monday and Wednesday round to the nearest 5 (halves up).
"""

from __future__ import annotations

from tests.e2e.frontend import changes, weights

INPUTS = {"squat.5rm": 300, "bench-press.5rm": 175, "overhead-press.5rm": 120,
          "deadlift.work": 355, "power-clean.work": 135}


def day(app, expected: dict[str, list], reps: dict[str, int] | None = None) -> dict:
    """One workout: its loads are ``expected`` (lift -> weights, bodyweight work aside); every set
    at its target except the lifts in ``reps``. Returns the finish answer."""
    workout = app.start()
    assert {lift: weights(workout, lift) for lift in expected} == expected
    assert {s["lift"] for s in workout["sets"] if s["weight"] is not None} == set(expected)
    override = {s["set_index"]: reps[s["lift"]] for s in workout["sets"] if s["lift"] in (reps or {})}
    assert app.log_prescribed_sets(workout, override) == []  # nothing progresses on a set
    return app.finish(workout)


def test_a_new_lifter_runs_the_first_cycle_and_friday_raises_the_week(frontend):
    """Two weeks at their targets; each Friday's finish raises that week's lifts."""
    app = frontend("texas-method")
    app.register()
    app.enroll(INPUTS)  # ACTIVE / PENDING / PENDING

    # Week 1 (bench week). Monday: squat 90% x 300 = 270, bench 90% x 175 = 157.5 -> 160.
    assert day(app, {"squat": [270] * 5, "bench-press": [160] * 5, "deadlift": [355]})["progressions_applied"] == []
    # Wednesday: squat 80% x 270 = 216 -> 215; press 90% x 120 = 108 -> 110 (chin-ups, back
    # extensions at bodyweight).
    assert day(app, {"squat": [215] * 2, "overhead-press": [110] * 3})["progressions_applied"] == []
    # Friday: squat 300, bench 175, power clean 5x3 at 135. Its finish completes week 1.
    friday = day(app, {"squat": [300], "bench-press": [175], "power-clean": [135] * 5})
    assert changes(friday) == {  # the press was not tested this week: it holds
        "squat": (300, 305, "friday-increase", "AFTER_WEEK"),
        "bench-press": (175, 180, "friday-increase", "AFTER_WEEK"),
        "deadlift": (355, 360, "deadlift-increase", "AFTER_WEEK"),
        "power-clean": (135, 140, "power-clean-increase", "AFTER_WEEK"),
    }

    # Week 2 (press week). Monday: squat 90% x 305 = 274.5 -> 275; press 90% x 120 = 108 -> 110.
    day(app, {"squat": [275] * 5, "overhead-press": [110] * 5, "deadlift": [360]})
    # Wednesday: squat 80% x 275 = 220; bench 90% x 180 = 162 -> 160.
    day(app, {"squat": [220] * 2, "bench-press": [160] * 3})
    # Friday: squat 305, press 120 (its first Friday), clean 140. The cycle ends here.
    friday = day(app, {"squat": [305], "overhead-press": [120], "power-clean": [140] * 5})
    assert friday["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    assert changes(friday) == {
        "squat": (305, 310, "friday-increase", "AFTER_WEEK"),
        "overhead-press": (120, 125, "friday-increase", "AFTER_WEEK"),
        "deadlift": (360, 365, "deadlift-increase", "AFTER_WEEK"),
        "power-clean": (140, 145, "power-clean-increase", "AFTER_WEEK"),
    }

    app.next_cycle()
    # Cycle 2, week 1. Monday: squat 90% x 310 = 279 -> 280; bench 90% x 180 = 162 -> 160.
    day(app, {"squat": [280] * 5, "bench-press": [160] * 5, "deadlift": [365]})
    # Wednesday: squat 80% x 280 = 224 -> 225; press 90% x 125 = 112.5 -> 115 (half up).
    day(app, {"squat": [225] * 2, "overhead-press": [115] * 3})


def test_a_missed_friday_holds_that_lift(frontend):
    """Friday's squat 1x5 at 300 gets 4 reps: squat F stays 300; the bench still rises."""
    app = frontend("texas-method")
    app.register()
    app.enroll(INPUTS)
    day(app, {"squat": [270] * 5, "bench-press": [160] * 5, "deadlift": [355]})
    day(app, {"squat": [215] * 2, "overhead-press": [110] * 3})
    friday = day(app, {"squat": [300], "bench-press": [175], "power-clean": [135] * 5}, reps={"squat": 4})
    assert "squat" not in changes(friday)
    assert changes(friday)["bench-press"] == (175, 180, "friday-increase", "AFTER_WEEK")
    # Week 2 Monday is still 90% x 300 = 270.
    day(app, {"squat": [270] * 5, "overhead-press": [110] * 5, "deadlift": [360]})
