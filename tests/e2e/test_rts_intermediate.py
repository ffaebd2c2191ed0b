"""RTS Generalized Intermediate Program through the API: nine weeks of RPE loads, then it ends.

Four days a week of squat, bench and deadlift. A top set's load is the RPE chart percentage
(programs-detail.md 2.4) of the lift's max, rounded UP to 5 lb. Load-drop sets follow the top
set as logged, 5% lighter (weeks 2-4) or 7% lighter (weeks 5-8 squat and bench), rounded DOWN,
repeated until the set is back at the top set's RPE; the week 5-8 deadlift repeats its top set
until RPE 10. Week 9 is test singles. Nothing progresses by fixed steps: every top set logged
with its RPE re-estimates that lift's max at once (AFTER_SET, max = weight / chart%, kept to the
database's three decimals), and the sets still to come, this session's and later ones, load
from it.

The first test runs all 36 workouts with every set at its target reps and RPE, reaches the end
of the program (COMPLETED) and starts it again from the maxes the lifter earned. The second
logs a top set harder, then easier, than planned and shows the next sets move.

Starting 1RMs (programs-detail.md 2.5): squat 300, bench 200, deadlift 400. Chart: 5 @ 9 and
4 @ 8 = 83.7%, 3 @ 8 = 86.3%, 3 @ 8.5 = 87.8%, 2 @ 8.5 = 90.7%, 1 @ 9.5 = 97.8%, 1 @ 10 = 100%,
5 @ 10 = 86.3%, 5 @ 8 = 81.1%.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400}


def work(workout: dict) -> list[dict]:
    """The workout's work sets in order (the warm-ups before them are left out)."""
    return [s for s in workout["sets"] if not s["warmup"]]


def log(app, workout: dict, number: int, reps: int | None = None, rpe: float | None = None) -> dict:
    """Log the ``number``-th work set (0-based) at its current prescription (re-prescribed after
    each logged top set), at its target reps and RPE unless told otherwise; a fatigue set is
    logged at its stop RPE. Warm-ups are skipped."""
    item = work(workout)[number]
    answer = app.log_set(workout, item["set_index"], reps or item["target_reps"],
                         rpe=rpe if rpe is not None else item["rpe"] or item["stop_rpe"])
    workout["sets"] = answer["workout"]["sets"]
    return answer


def run_workout(app) -> tuple[dict, list[dict], dict]:
    """Start, log every set as planned, finish: (the workout as prescribed, each set's changes, finish)."""
    workout = app.start()
    prescribed = {**workout, "sets": list(workout["sets"])}
    logged = [changes(log(app, workout, number)) for number in range(len(work(prescribed)))]
    return prescribed, logged, app.finish(workout)


def test_a_lifter_runs_the_nine_weeks_at_the_planned_rpe_and_starts_again(frontend):
    """Every set at its target reps and RPE: each lift's max follows its top sets, week by week."""
    app = frontend("rts-intermediate")
    app.register()
    app.enroll(ONE_RMS)

    # Week 1 day 1, 3x5 @ RPE 9: squat 83.7% x 300 = 251.1 -> 255 (up); bench 167.4 -> 170.
    # The first squat set re-estimates the max: 255 / 0.837 = 304.659; the next sets stay at
    # 255 (83.7% x 304.659 = 255.0), so they change nothing. Bench likewise: 170 / 0.837 = 203.106.
    workout, logged, finished = run_workout(app)
    assert weights(workout, "squat") == [255] * 3 and weights(workout, "bench-press") == [170] * 3
    assert logged == [{"squat": (300, 304.659, "rpe-max", "AFTER_SET")}, {}, {},
                      {"bench-press": (200, 203.106, "rpe-max", "AFTER_SET")}, {}, {}]
    assert changes(finished) == {}  # nothing happens when a workout ends

    # Day 2: deadlift 2x5 @ 9 = 83.7% x 400 = 334.8 -> 335, max 335 / 0.837 = 400.239; bench 170.
    workout, logged, _ = run_workout(app)
    assert weights(workout, "deadlift") == [335, 335] and weights(workout, "bench-press") == [170] * 3
    assert logged[0] == {"deadlift": (400, 400.239, "rpe-max", "AFTER_SET")} and logged[1:] == [{}] * 4
    # Day 3 squat 255 x3, day 4 deadlift 335 x2 (83.7% x 400.239 = 335.0): the maxes hold.
    assert weights(run_workout(app)[0], "squat") == [255] * 3
    assert weights(run_workout(app)[0], "deadlift") == [335] * 2

    # Week 2 day 1, explicit steps. Squat x4 @ 8 = 83.7% x 304.659 = 255, then the load drop:
    # 255 x 0.95 = 242.25 -> 240 (down), sets of 4 until RPE 8 again. The drop set is open-ended:
    # logged once at RPE 7, then again at RPE 8, where it stops. Bench: 170, 161.5 -> 160.
    workout = app.start()
    assert weights(workout, "squat") == [255, 240] and weights(workout, "bench-press") == [170, 160]
    drop = work(workout)[1]
    assert (drop["kind"], drop["open_ended"], drop["target_reps"], drop["stop_rpe"]) == ("fatigue", True, 4, 8)
    assert changes(log(app, workout, 0)) == {}  # 255 x4 @ 8: still 304.659
    assert changes(log(app, workout, 1, rpe=7)) == {} and changes(log(app, workout, 1, rpe=8)) == {}
    for index in (2, 3):
        log(app, workout, index)
    assert changes(app.finish(workout)) == {}

    # Week 2 day 2: deadlift x3 @ 8 = 86.3% x 400.239 = 345.41 -> 350, max 350 / 0.863 = 405.562;
    # load drop 350 x 0.95 = 332.5 -> 330.
    workout, logged, _ = run_workout(app)
    assert weights(workout, "deadlift") == [350, 330]
    assert logged[0] == {"deadlift": (400.239, 405.562, "rpe-max", "AFTER_SET")}

    # The rest of weeks 2-8. Weeks 5-8: squat x3 @ 8.5 = 87.8% x 304.659 = 267.49 -> 270 (max
    # 270 / 0.878 = 307.517), drop 7%: 270 x 0.93 = 251.1 -> 250; bench 87.8% x 203.106 = 178.33
    # -> 180 (max 205.011), 167.4 -> 165; deadlift x2 @ 8.5 = 90.7% x 405.562 = 367.84 -> 370
    # (max 370 / 0.907 = 407.938), then repeats of 370 until RPE 10.
    seen = {}
    for _ in range(2 + 6 * 4):  # week 2 days 3-4, weeks 3-8
        workout, logged, _ = run_workout(app)
        seen[(workout["week"], workout["day_index"])] = (workout, logged)
    week5_day1, logged = seen[(5, 0)]
    assert weights(week5_day1, "squat") == [270, 250] and weights(week5_day1, "bench-press") == [180, 165]
    assert logged == [{"squat": (304.659, 307.517, "rpe-max", "AFTER_SET")}, {},
                      {"bench-press": (203.106, 205.011, "rpe-max", "AFTER_SET")}, {}]
    week5_day2, logged = seen[(5, 1)]
    assert weights(week5_day2, "deadlift") == [370, 370] and work(week5_day2)[1]["stop_rpe"] == 10
    assert logged[0] == {"deadlift": (405.562, 407.938, "rpe-max", "AFTER_SET")}
    assert weights(seen[(8, 2)][0], "squat") == [270, 250] and seen[(8, 2)][1] == [{}, {}]

    # Week 9, test singles: squat 3x1 @ 9.5 = 97.8% x 307.517 = 300.75 -> 305 (max 305 / 0.978
    # = 311.861); bench 97.8% x 205.011 = 200.50 -> 205 (max 209.611); deadlift 2x1 @ 10 =
    # 100% x 407.938 -> 410 (max 410).
    workout, logged, _ = run_workout(app)
    assert weights(workout, "squat") == [305] * 3 and weights(workout, "bench-press") == [205] * 3
    assert logged[0]["squat"][:2] == (307.517, 311.861) and logged[3]["bench-press"][:2] == (205.011, 209.611)
    workout, logged, _ = run_workout(app)
    assert weights(workout, "deadlift") == [410, 410] and logged[0]["deadlift"][:2] == (407.938, 410)
    run_workout(app)
    *_, finished = run_workout(app)
    assert finished["state"]["enrollment_status"] == "COMPLETED"  # the program has ended

    # Enrolling again with the maxes the lifter earned: squat 83.7% x 311.861 = 261.03 -> 265,
    # bench 83.7% x 209.611 = 175.44 -> 180.
    app.enroll_again({"squat.1rm": 311.861, "bench-press.1rm": 209.611, "deadlift.1rm": 410})
    slots = {s["slot"]: s["weight"] for s in app.enrollment()["enrollment"]["slots"]}
    assert slots == {"squat": 311.861, "bench-press": 209.611, "deadlift": 410}
    workout = app.start()
    assert weights(workout, "squat") == [265] * 3 and weights(workout, "bench-press") == [180] * 3


def test_a_top_set_harder_or_easier_than_planned_moves_the_sets_that_follow(frontend):
    """Squat 3x5 @ 9 logged at RPE 10, then 8, then 9: each set re-estimates the max."""
    app = frontend("rts-intermediate")
    app.register()
    app.enroll(ONE_RMS)
    workout = app.start()
    assert weights(workout, "squat") == [255] * 3

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
    for index in (3, 4, 5):
        log(app, workout, index)
    assert changes(app.finish(workout)) == {}

    # Thursday's squat loads from the new max: 83.7% x 310.633 = 260.0 -> 260.
    run_workout(app)
    workout = app.start()
    assert weights(workout, "squat") == [260] * 3
