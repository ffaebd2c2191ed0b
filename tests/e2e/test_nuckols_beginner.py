"""Greg Nuckols Beginner through the API: loads that follow the sets logged before them.

The program's numbers (the three bench weights moving by their AMAPs, the squat and deadlift
weeks, the deadlift top set carried week to week, the opposite-stance climb, the 1RM tests and
cycle 2) are its worked examples, in specs/programs/nuckols-beginner.yaml, run by
test_program_examples.py. This module keeps what the example vocabulary cannot say: what the
workout answers after each logged set (a set whose load follows a logged one gets that weight;
a logged set keeps its prescription and holds what was lifted in ``logged``), a prescribed set
logged lighter than prescribed (the next set follows what was lifted), a rep range's top, the
kind and tag of a test set, and a week without the opposite-stance sets; and the state block
through the 12 workouts.

Starting 1RMs: bench 200, squat 300, deadlift 400 (lb); loads floor to 5 lb.
"""

from __future__ import annotations

import pytest

from tests.e2e.frontend import weights

pytestmark = pytest.mark.sqlite_only

ONE_RMS = {"bench-press.1rm": 200, "squat.1rm": 300, "deadlift.1rm": 400}


def run_day(app, chosen: dict[str, float] | None = None,
            override: dict[tuple[str, int], float] | None = None) -> tuple[dict, dict]:
    """Start, log every set at its target reps, finish. Sets without a weight are logged at
    ``chosen[lift]``; ``override[(lift, n)]`` changes the weight of that lift's n-th set (1-based).
    Each set is logged against the latest answer's prescription. Answers (started, last answer)."""
    workout = app.start()
    current, seen = workout, {}
    for item in workout["sets"]:
        live = current["sets"][item["set_index"]]
        seen[live["lift"]] = n = seen.get(live["lift"], 0) + 1
        weight = (override or {}).get((live["lift"], n))
        if weight is None and live["weight"] is None:
            weight = (chosen or {})[live["lift"]]
        current = app.log_set(workout, item["set_index"], live["target_reps"], weight)["workout"]
    app.finish(workout)
    return workout, current


def test_sets_follow_the_sets_logged_before_them(frontend):
    """The first cycle, each step's state block checked."""
    app = frontend("nuckols-beginner")
    app.register()
    app.enroll(ONE_RMS)

    # Week 1, day 1: the deadlift top set of 5 at the lifter's choice (315), then 2x3 at it: the
    # triples are prescribed 315 once it is logged; the top set keeps its prescription (none)
    # and holds the 315 in ``logged``.
    start, done = run_day(app, chosen={"deadlift": 315})
    assert weights(start, "deadlift") == [None] * 3 and weights(done, "deadlift") == [None, 315, 315]
    assert [s["logged"]["weight"] for s in done["sets"] if s["lift"] == "deadlift"] == [315] * 3
    # Day 3: squat works up to an 8RM (245 logged), then 3 sets of 5-6 at 245.
    start, done = run_day(app, chosen={"squat": 245})
    squat = [(s["kind"], s["weight"], s["target_reps"], s["reps_max"]) for s in done["sets"] if s["lift"] == "squat"]
    assert squat == [("rm_find", None, 8, None)] + [("work", 245, 5, 6)] * 3
    run_day(app, chosen={"sumo-deadlift": 275})

    # Week 2. Day 3: the 5RM logged at 265, the triples at 265.
    run_day(app)
    start, done = run_day(app, chosen={"squat": 265})
    assert weights(done, "squat") == [None, 265, 265, 265]
    # Day 5: opposite stance 275, 285, 295 as prescribed. The second set is logged at 275 (the
    # first was hard): the third follows it, 275 + 10 = 285 (the second keeps its prescription,
    # 285; its log holds the 275 lifted).
    start, done = run_day(app, override={("sumo-deadlift", 2): 275})
    assert weights(start, "sumo-deadlift") == [275, 285, 295]
    assert weights(done, "sumo-deadlift") == [275, 285, 285]
    assert [s["logged"]["weight"] for s in done["sets"] if s["lift"] == "sumo-deadlift"] == [275, 275, 285]

    # Week 3 (3RM found at 275), week 4 days 1 and 3 (the squat test at 320).
    for chosen in ({}, {"squat": 275}, {}, {}):
        run_day(app, chosen)
    start, _ = run_day(app, chosen={"squat": 320})
    assert [(s["kind"], s["target_reps"], s["tag"]) for s in start["sets"] if s["lift"] == "squat"] == [
        ("rm_find", 1, "test")]
    # Day 5: no opposite-stance sets; the main-stance deadlift 1RM test (390) in their place.
    start, _ = run_day(app, chosen={"deadlift": 390})
    assert [(s["lift"], s["kind"], s["tag"]) for s in start["sets"] if s["lift"] != "bench-press"] == [
        ("deadlift", "rm_find", "test")]
    assert app.enrollment()["state"]["enrollment_status"] == "BETWEEN_CYCLES"
