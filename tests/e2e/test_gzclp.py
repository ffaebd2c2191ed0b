"""GZCLP through the API: tiers with their own weights, and a 5RM test the lifter loads.

The program's numbers (each tier's starting weight, +10 / +5 on success, the squat T1 and
bench T2 walking their stage ladders, the 5RM retest and 5x3+ restarting at 85% of it) are
its worked examples, in specs/programs/gzclp.yaml, run by test_program_examples.py. This
module keeps what is about the API: the state block at every step of a rotation, T3 sets the
lifter loads, and the shape of a rep-max test as a frontend shows it (kind ``rm_find``, no
weight, the lifter's weight sent with the set).
"""

from __future__ import annotations

FIVE_RMS = {"squat.5rm": 260, "bench-press.5rm": 180, "deadlift.5rm": 355, "overhead-press.5rm": 120}


def test_a_new_lifter_runs_the_first_rotation_then_a_stalled_squat_and_bench_walk_the_stages(frontend):
    """Cycle 1 (A1, B1, A2, B2) at target; then A1's squat T1 misses its reps three cycles
    running and the fourth A1 is a 5RM test at the lifter's weight."""
    app = frontend("gzclp")
    app.register()
    app.enroll(FIVE_RMS)  # the optional T2 and T3 starts left out: T2 = 65% of T1, T3 lifter's choice

    # Rest by tier, in every prescribed set (the reference spec): T1 3-5 minutes, T2 120 s, T3 90 s.
    upcoming = app.enrollment()["enrollment"]["next_workout"]["sets"]
    assert {s["tag"]: s["rest"] for s in upcoming} == {
        "t1": {"min": 180, "max": 300}, "t2": {"min": 120, "max": 120}, "t3": {"min": 90, "max": 90}}
    app.complete_cycle()
    for _ in range(3):  # A1 with every squat T1 set one short (a 10x1 set: 0 reps), then B1, A2, B2
        app.next_cycle()
        workout = app.start()
        squat = {s["set_index"]: (s["target_reps"] or 1) - 1 for s in workout["sets"] if s["slot"] == "squat.t1"}
        app.log_prescribed_sets(workout, squat)
        app.finish(workout)
        for _ in range(3):
            app.complete_workout()
    app.next_cycle()
    workout = app.start()
    (retest,) = [s for s in workout["sets"] if s["slot"] == "squat.t1"]
    assert (retest["kind"], retest["target_reps"], retest["weight"]) == ("rm_find", 5, None)
    for item in workout["sets"]:
        weight = 280 if item is retest else (None if item["weight"] is not None else 0)
        app.log_set(workout, item["set_index"], item["target_reps"], weight)
    app.finish(workout)
