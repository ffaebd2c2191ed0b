"""Greg Nuckols Beginner through the API: a four-week, three-day cycle that repeats.

Bench three times a week on three separate weights (8s, 6s, 4s: two sets and an AMAP), each
moving when the week is completed by its AMAP reps over the target (1-2 +5 lb, 3-4 +10, 5+ +15,
none holds). Squat: day 1 percent of the 1RM; day 3 works up to the week's rep max (logged) and
repeats its weight; week 4 tests a new 1RM. Deadlift: week 1's top set of 5 is the lifter's
choice, weeks 2 and 3 add 10 lb to the last week's, week 4 is 70% of week 3's, the triples follow
the logged top set; the opposite-stance sets start from the week-1 weight and each adds 10 lb to
the set logged before it; week 4 tests the main-stance 1RM. A tested 1RM above the current one
replaces it when the cycle is completed.

Starting 1RMs: bench 200, squat 300, deadlift 400. Loads FLOOR to 5 lb (the spreadsheet).
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import changes, weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"bench-press.1rm": 200, "squat.1rm": 300, "deadlift.1rm": 400}
RULE = "bench-amap"


def run_day(app, bench_amap: int, chosen: dict[str, float] | None = None,
            override: dict[tuple[str, int], float] | None = None) -> tuple[dict, dict, dict]:
    """Start, log every set, finish. Sets without a weight are logged at ``chosen[lift]``;
    ``override[(lift, n)]`` changes the weight of that lift's n-th set (1-based). Each set is logged
    against the latest answer's prescription, since loads follow the sets logged before them."""
    workout = app.start()
    current, seen = workout, {}
    for item in workout["sets"]:
        live = current["sets"][item["set_index"]]
        seen[live["lift"]] = n = seen.get(live["lift"], 0) + 1
        reps = bench_amap if live["lift"] == "bench-press" and live["is_amrap"] else live["target_reps"]
        weight = (override or {}).get((live["lift"], n))
        if weight is None and live["weight"] is None:
            weight = chosen[live["lift"]]
        answer = app.log_set(workout, item["set_index"], reps, weight)
        assert answer["progressions_applied"] == []
        current = answer["workout"]
    return workout, current, app.finish(workout)


def test_four_weeks_of_bench_amaps_deadlift_carries_and_1rm_tests(frontend):
    """The whole first cycle, then day 1 of the second."""
    app = frontend("nuckols-beginner")
    app.register()
    app.enroll(ONE_RMS)

    # Week 1, day 1: squat 6x6 @ 75% of 300 = 225; bench 3x8 (last AMAP) @ 70% of 200 = 140;
    # deadlift top set of 5 at the lifter's choice (315), then 2x3 at the weight logged for it.
    start, done, _ = run_day(app, bench_amap=11, chosen={"deadlift": 315})
    assert [(s["weight"], s["target_reps"]) for s in start["sets"] if s["lift"] == "squat"] == [(225, 6)] * 6
    assert [(s["weight"], s["target_reps"], s["is_amrap"]) for s in start["sets"] if s["lift"] == "bench-press"] == [
        (140, 8, False), (140, 8, False), (140, 8, True)]
    # (A logged set keeps what was prescribed, None here; its "logged" part holds the 315.)
    assert weights(start, "deadlift") == [None] * 3 and weights(done, "deadlift") == [None, 315, 315]
    assert done["sets"][-3]["logged"]["weight"] == 315
    # Day 3: bench 3x6 @ 75% = 150; squat works up to an 8RM (245 logged), then 3 x 5-6 at 245.
    start, done, _ = run_day(app, bench_amap=6, chosen={"squat": 245})
    assert weights(start, "bench-press") == [150] * 3
    assert [(s["kind"], s["weight"], s["target_reps"]) for s in start["sets"] if s["lift"] == "squat"][0] == (
        "rm_find", None, 8)
    assert [(s["weight"], s["target_reps"], s["reps_max"]) for s in done["sets"] if s["lift"] == "squat"][1:] == [
        (245, 5, 6)] * 3
    # Day 5: bench 3x4 @ 80% = 160; opposite-stance 2x6 at the lifter's choice (275).
    start, done, finished = run_day(app, bench_amap=6, chosen={"sumo-deadlift": 275})
    assert weights(start, "bench-press") == [160] * 3 and weights(start, "sumo-deadlift") == [None] * 2
    # Week 1 completed. Bench: day 1 AMAP 11 = target 8 + 3 -> +10 (150); day 2 6 = target -> holds;
    # day 3 6 = 4 + 2 -> +5 (165). The deadlift top set (315) and the opposite-stance weight (275)
    # are kept for the weeks to come.
    assert changes(finished) == {
        "bench-press.d1": (140, 150, RULE, "AFTER_WEEK"),
        "bench-press.d3": (160, 165, RULE, "AFTER_WEEK"),
        "deadlift.top": (None, 315, "deadlift-top-set", "AFTER_WEEK"),
        "sumo-deadlift": (None, 275, "opposite-stance-start", "AFTER_WEEK"),
    }

    # Week 2, day 1: squat 5x5 @ 80% = 240; bench 150; deadlift 315 + 10 = 325 x5, then 3x3 at it.
    start, done, _ = run_day(app, bench_amap=13)
    assert weights(start, "squat") == [240] * 5 and weights(start, "bench-press") == [150] * 3
    assert [(s["weight"], s["target_reps"]) for s in start["sets"] if s["lift"] == "deadlift"] == [
        (325, 5)] + [(325, 3)] * 3
    # Day 3: bench 150; squat 5RM logged at 265, then 3 x 3-4 at 265.
    start, done, _ = run_day(app, bench_amap=10, chosen={"squat": 265})
    assert weights(done, "squat") == [None, 265, 265, 265]
    # Day 5: bench 165; opposite stance 275, then +10 on the set before: 285, 295 as prescribed.
    # The second set is logged at 275 (the first was hard): the third follows it, 275 + 10 = 285
    # (the second keeps its prescription, 285; its log holds the 275 lifted).
    start, done, finished = run_day(app, bench_amap=5, override={("sumo-deadlift", 2): 275})
    assert weights(start, "sumo-deadlift") == [275, 285, 295]
    assert weights(done, "sumo-deadlift") == [275, 285, 285]
    # Week 2 completed. Bench: day 1 13 = 8 + 5 -> +15 (165); day 2 10 = 6 + 4 -> +10 (160);
    # day 3 5 = 4 + 1 -> +5 (170). Deadlift top set 325.
    assert changes(finished) == {
        "bench-press.d1": (150, 165, RULE, "AFTER_WEEK"),
        "bench-press.d2": (150, 160, RULE, "AFTER_WEEK"),
        "bench-press.d3": (165, 170, RULE, "AFTER_WEEK"),
        "deadlift.top": (315, 325, "deadlift-top-set", "AFTER_WEEK"),
    }

    # Week 3, day 1: squat 3x1 @ 85% = 255; bench 165; deadlift 325 + 10 = 335 x5, then 4x3.
    start, _, _ = run_day(app, bench_amap=8)
    assert weights(start, "squat") == [255] * 3 and weights(start, "deadlift") == [335] * 5
    # Day 3: bench 160 (AMAP 7 = 6 + 1); squat 3RM logged at 275, then 3 x 1-2.
    run_day(app, bench_amap=7, chosen={"squat": 275})
    # Day 5: bench 170 (AMAP 3, short of 4: holds); opposite stance 5x5 climbing from 275:
    # 275, 285, 295, 305, 315.
    start, done, finished = run_day(app, bench_amap=3)
    assert weights(start, "bench-press") == [170] * 3
    assert weights(done, "sumo-deadlift") == [275, 285, 295, 305, 315]
    assert changes(finished) == {
        "bench-press.d2": (160, 165, RULE, "AFTER_WEEK"),
        "deadlift.top": (325, 335, "deadlift-top-set", "AFTER_WEEK"),
    }

    # Week 4, day 1: squat 3x3 @ 70% = 210; deadlift 70% of 335 = 234.5 -> 230 (floor), 4x3 at it.
    start, _, _ = run_day(app, bench_amap=8)
    assert weights(start, "squat") == [210] * 3 and weights(start, "deadlift") == [230] * 5
    # Day 3: the squat 1RM test, logged at 320.
    start, _, _ = run_day(app, bench_amap=6, chosen={"squat": 320})
    assert [(s["kind"], s["target_reps"], s["tag"]) for s in start["sets"] if s["lift"] == "squat"] == [
        ("rm_find", 1, "test")]
    # Day 5: no opposite-stance sets; the main-stance deadlift 1RM test, logged at 390.
    start, _, finished = run_day(app, bench_amap=4, chosen={"deadlift": 390})
    assert {s["lift"] for s in start["sets"]} == {"bench-press", "deadlift"}
    # The cycle is completed: squat 320 > 300 becomes the 1RM (a single is its own Brzycki e1RM);
    # deadlift 390 < 400 is not a new max. No bench AMAP beat its target this week.
    assert changes(finished) == {"squat": (300, 320, "tested-1rm", "AFTER_CYCLE")}
    assert finished["state"]["enrollment_status"] == "BETWEEN_CYCLES"

    # Cycle 2, day 1: squat 6x6 @ 75% of 320 = 240; bench day 1 still 165; the deadlift top set
    # is the lifter's choice again.
    app.next_cycle()
    workout = app.start()
    assert weights(workout, "squat") == [240] * 6 and weights(workout, "bench-press") == [165] * 3
    assert weights(workout, "deadlift") == [None] * 3
