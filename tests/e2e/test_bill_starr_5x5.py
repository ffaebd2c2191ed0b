"""Bill Starr 5x5 (Madcow's linear version) through the API: ramps to a weekly top set.

Madcow's 5x5 trains heavy Monday, light Wednesday, medium Friday; each lift's loads are
percentages of its top-set weight T. Monday: squat, bench, row 5x5 ramping 50 / 62.5 / 75 /
87.5 / 100% of T. Wednesday: squat 50 / 62.5 / 75 / 75% of Monday's T; incline bench and
deadlift ramp 62.5 / 75 / 87.5 / 100% of their own T. Friday: the four Monday ramp sets, a
triple at 102.5% of T, then 8 reps at the 75% weight. The cycle is one week; after it
(AFTER_WEEK, fired by Friday's finish) a lift whose Monday top set and Friday triple were
both completed moves to T x 1.025, rounded: this Friday's triple is next Monday's top set.
Otherwise the week repeats. T starts at 93% of the entered 5RM. Loads: nearest 5 lb, halves up.

The test shows a new lifter running the whole week against hand-worked numbers (programs.md:
T 240 -> 120, 150, 180, 210, 240), nothing progressing before Friday's finish, the weekly
step there with BETWEEN_CYCLES, and the next Monday; then a missed Monday top set.

Starting 5RMs (lb) -> T = 93%, nearest 5: squat 258 -> 239.94 -> 240; bench 180 -> 167.4 ->
165; row 150 -> 139.5 -> 140; incline bench 150 -> 140; deadlift 330 -> 306.9 -> 305.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

FIVE_RMS = {"squat.5rm": 258, "bench-press.5rm": 180, "barbell-row.5rm": 150,
            "incline-bench-press.5rm": 150, "deadlift.5rm": 330}

MONDAY = {  # 50 / 62.5 / 75 / 87.5 / 100% of T
    "squat": [120, 150, 180, 210, 240],  # 240: 120, 150, 180, 210, 240
    "bench-press": [85, 105, 125, 145, 165],  # 165: 82.5, 103.125, 123.75, 144.375, 165
    "barbell-row": [70, 90, 105, 125, 140],  # 140: 70, 87.5, 105, 122.5, 140
}
WEDNESDAY = {
    "squat": [120, 150, 180, 180],  # 50 / 62.5 / 75 / 75% of Monday's 240
    "incline-bench-press": [90, 105, 125, 140],  # 62.5..100% of 140: 87.5, 105, 122.5, 140
    "deadlift": [190, 230, 265, 305],  # of 305: 190.625, 228.75, 266.875, 305
}
FRIDAY = {  # Monday's first four, the triple at 102.5% of T, 8 reps at the 75% weight
    "squat": [120, 150, 180, 210, 245, 180],  # 240 x 1.025 = 246 -> 245
    "bench-press": [85, 105, 125, 145, 170, 125],  # 165 x 1.025 = 169.125 -> 170
    "barbell-row": [70, 90, 105, 125, 145, 105],  # 140 x 1.025 = 143.5 -> 145
}


def day(app, expected: dict[str, list], reps: dict[tuple[str, float], int] | None = None) -> dict:
    """One workout: ``expected`` loads per lift; every set at target except (lift, weight) ->
    reps in ``reps``; the lifter's own weight (0 here) for the assistance. Returns the finish."""
    workout = app.start()
    assert {lift: weights(workout, lift) for lift in expected} == expected
    assert {s["lift"] for s in workout["sets"] if s["weight"] is not None} == set(expected)
    override = {s["set_index"]: n for s in workout["sets"] for (lift, load), n in (reps or {}).items()
                if s["lift"] == lift and s["weight"] == load}
    assert app.log_prescribed_sets(workout, override) == []  # nothing progresses on a set
    return app.finish(workout)


def test_a_new_lifter_runs_the_week_and_the_friday_triple_becomes_the_next_top_set(frontend):
    """Monday, Wednesday, Friday at target; Friday's finish moves every T up 2.5%."""
    app = frontend("bill-starr-5x5")
    app.register()
    app.enroll(FIVE_RMS)  # ACTIVE / PENDING / PENDING

    assert day(app, MONDAY)["progressions_applied"] == []
    assert day(app, WEDNESDAY)["progressions_applied"] == []
    friday = day(app, FRIDAY)
    assert [s["target_reps"] for s in friday["workout"]["sets"] if s["lift"] == "squat"] == [5, 5, 5, 5, 3, 8]
    assert friday["state"]["enrollment_status"] == "BETWEEN_CYCLES"  # a one-week cycle
    assert changes(friday) == {  # WEEK_COMPLETED: T x 1.025, rounded to 5
        "squat": (240, 245, "weekly-top-set", "AFTER_WEEK"),
        "bench-press": (165, 170, "weekly-top-set", "AFTER_WEEK"),
        "barbell-row": (140, 145, "weekly-top-set", "AFTER_WEEK"),
        "incline-bench-press": (140, 145, "weekly-top-set", "AFTER_WEEK"),  # 143.5 -> 145
        "deadlift": (305, 315, "weekly-top-set", "AFTER_WEEK"),  # 312.625 -> 315
    }

    app.next_cycle()
    # Week 2's Monday tops out at Friday's triple (programs-detail: T 245 -> 125, 155, 185, 215, 245).
    day(app, {
        "squat": [125, 155, 185, 215, 245],  # 122.5, 153.125, 183.75, 214.375, 245
        "bench-press": [85, 105, 130, 150, 170],  # 85, 106.25, 127.5, 148.75, 170
        "barbell-row": [75, 90, 110, 125, 145],  # 72.5, 90.625, 108.75, 126.875, 145
    })


def test_a_missed_monday_top_set_repeats_the_week_for_that_lift(frontend):
    """The squat's Monday 240 x5 gets 4 reps: squat T stays 240; bench still moves to 170."""
    app = frontend("bill-starr-5x5")
    app.register()
    app.enroll(FIVE_RMS)
    day(app, MONDAY, reps={("squat", 240): 4})
    day(app, WEDNESDAY)
    friday = changes(day(app, FRIDAY))
    assert "squat" not in friday and friday["bench-press"] == (165, 170, "weekly-top-set", "AFTER_WEEK")
    app.next_cycle()
    day(app, {**MONDAY, "bench-press": [85, 105, 130, 150, 170], "barbell-row": [75, 90, 110, 125, 145]})
