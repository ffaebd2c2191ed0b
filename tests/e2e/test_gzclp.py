"""GZCLP through the API: tiers with their own weights, and the stage ladders a stall walks.

GZCLP (Cody Lefever) rotates four workouts, one week: A1 = squat T1, bench T2; B1 = press
T1, deadlift T2; A2 = bench T1, squat T2; B2 = deadlift T1, press T2 (each with a T3 whose
weight the lifter picks here). T1 is heavy (5x3+, last set AMRAP), T2 volume (3x10); each
(lift, tier) keeps its own weight and stage. After each workout (AFTER_SESSION): total reps
>= the stage's target (T1 15 / 12 / 10, T2 30 / 24 / 18) adds +10 lb (squat, deadlift) or
+5 lb (bench, press); fewer keeps the weight and moves to the next stage:
T1 5x3+ -> 6x2+ -> 10x1+ -> work up to a new 5RM, then 5x3+ at 85% of it;
T2 3x10 -> 3x8 -> 3x6 -> 3x10 at the weight where 3x10 last failed +15 lb lower / +10 upper.

The test shows a new lifter running the whole first cycle at target (every slot moves on its
workout's finish; BETWEEN_CYCLES after B2), then the squat T1 and bench T2 stalling at A1 of
cycles 2-4 down both ladders, the 5RM retest in cycle 5, and 5x3+ restarting in cycle 6.

Starting 5RMs (lb): squat 260, bench 180, deadlift 355, press 120. T1 = 85%, nearest 5:
squat 221 -> 220, bench 153 -> 155, deadlift 301.75 -> 300, press 102 -> 100. T2 = 65% of
T1, nearest 5: squat 143 -> 145, bench 100.75 -> 100, deadlift 195, press 65.
"""

from __future__ import annotations

from tests.e2e.frontend import changes

FIVE_RMS = {"squat.5rm": 260, "bench-press.5rm": 180, "deadlift.5rm": 355, "overhead-press.5rm": 120}
T1 = {0: (5, 3), 1: (6, 2), 2: (10, 1)}  # stage -> (sets, reps); the last set AMRAP
T2 = {0: (3, 10), 1: (3, 8), 2: (3, 6)}


def tier(workout: dict, slot: str) -> list[dict]:
    return [s for s in workout["sets"] if s["slot"] == slot]


def scheme(workout: dict, slot: str) -> tuple[int, int, float | None]:
    """(sets, reps, weight) of a slot's sets in a workout; one weight for all of them."""
    sets = tier(workout, slot)
    assert len({(s["target_reps"], s["weight"]) for s in sets}) == 1
    return len(sets), sets[0]["target_reps"], sets[0]["weight"]


def slots(app) -> dict[str, tuple]:
    """(weight, stage) of the squat T1 and bench T2 slots, as GET /users/{id}/enrollment shows."""
    listed = app.enrollment()["enrollment"]["slots"]
    return {s["slot"]: (s["weight"], s["stage"]) for s in listed if s["slot"] in ("squat.t1", "bench-press.t2")}


def workout_at_target(app, name: str, t1: tuple, t2: tuple) -> dict:
    """Start the next workout, check its T1 and T2 (slot, sets, reps, weight), log everything at
    target, finish; returns the finish's changes."""
    workout = app.start()
    assert workout["name"] == name
    assert (t1[0],) + scheme(workout, t1[0]) == t1 and (t2[0],) + scheme(workout, t2[0]) == t2
    assert tier(workout, t1[0])[-1]["is_amrap"] and not any(s["is_amrap"] for s in tier(workout, t2[0]))
    assert app.log_prescribed_sets(workout) == []  # nothing moves on a logged set
    return changes(app.finish(workout))


def rest_of_the_rotation(app) -> None:
    """B1, A2, B2 at target; the cycle (one week) ends on B2's finish."""
    for name in ("B1", "A2", "B2"):
        workout, _ = app.complete_workout()
        assert workout["name"] == name
    assert app.enrollment()["state"]["enrollment_status"] == "BETWEEN_CYCLES"
    app.next_cycle()


def test_a_new_lifter_runs_the_first_rotation_then_a_stalled_squat_and_bench_walk_the_stages(frontend):
    """Cycle 1 at target; then A1's squat T1 and bench T2 fail three times, a 5RM retest."""
    app = frontend("gzclp")
    app.register()
    app.enroll(FIVE_RMS)  # the optional T2 and T3 starts left out: T2 = 65% of T1, T3 lifter's choice

    # Rest by tier, in every prescribed set (the reference spec): T1 3-5 minutes, T2 120 s, T3 90 s.
    upcoming = app.enrollment()["enrollment"]["next_workout"]["sets"]
    assert {s["tag"]: s["rest"] for s in upcoming} == {
        "t1": {"min": 180, "max": 300}, "t2": {"min": 120, "max": 120}, "t3": {"min": 90, "max": 90}}

    # Cycle 1: every workout at target; its finish moves its two slots by +10 / +5.
    assert workout_at_target(app, "A1", ("squat.t1", 5, 3, 220), ("bench-press.t2", 3, 10, 100)) == {
        "squat.t1": (220, 230, "t1", "AFTER_SESSION"),  # programs.md: 5x3 @ 220 success -> 230
        "bench-press.t2": (100, 105, "t2", "AFTER_SESSION"),
    }
    assert workout_at_target(app, "B1", ("overhead-press.t1", 5, 3, 100), ("deadlift.t2", 3, 10, 195)) == {
        "overhead-press.t1": (100, 105, "t1", "AFTER_SESSION"),
        "deadlift.t2": (195, 205, "t2", "AFTER_SESSION"),
    }
    assert workout_at_target(app, "A2", ("bench-press.t1", 5, 3, 155), ("squat.t2", 3, 10, 145)) == {
        "bench-press.t1": (155, 160, "t1", "AFTER_SESSION"),
        "squat.t2": (145, 155, "t2", "AFTER_SESSION"),
    }
    assert workout_at_target(app, "B2", ("deadlift.t1", 5, 3, 300), ("overhead-press.t2", 3, 10, 65)) == {
        "deadlift.t1": (300, 310, "t1", "AFTER_SESSION"),
        "overhead-press.t2": (65, 70, "t2", "AFTER_SESSION"),
    }
    assert app.enrollment()["state"]["enrollment_status"] == "BETWEEN_CYCLES"  # the one-week cycle ends
    app.next_cycle()

    # Cycles 2-4, A1: squat T1 at 230 and bench T2 at 105 both fall short of their totals.
    squat_reps = {0: [3, 3, 3, 2, 1], 1: [2, 2, 2, 2, 1, 1], 2: [1] * 9 + [0]}  # 12 < 15, 10 < 12, 9 < 10
    bench_reps = {0: [10, 8, 6], 1: [8, 6, 5], 2: [6, 5, 4]}  # 24 < 30, 19 < 24, 15 < 18
    for stage in (0, 1, 2):
        workout = app.start()
        assert scheme(workout, "squat.t1") == (*T1[stage], 230)
        assert scheme(workout, "bench-press.t2") == (*T2[stage], 105)
        reps = {s["set_index"]: r for s, r in zip(tier(workout, "squat.t1"), squat_reps[stage], strict=True)}
        reps |= {s["set_index"]: r for s, r in zip(tier(workout, "bench-press.t2"), bench_reps[stage], strict=True)}
        assert app.log_prescribed_sets(workout, reps) == []
        moved = changes(app.finish(workout))
        # The weight holds and the stage moves on: the change shows the weight, the
        # enrollment's slots the stage (stage 3 of T1 = the retest).
        assert moved["squat.t1"] == (230, 230, "t1", "AFTER_SESSION")
        if stage < 2:
            assert moved["bench-press.t2"] == (105, 105, "t2", "AFTER_SESSION")
            assert slots(app) == {"squat.t1": (230, stage + 1), "bench-press.t2": (105, stage + 1)}
        else:  # 3x6 failed: back to 3x10 at the last 3x10 weight + 10 (upper body)
            assert moved["bench-press.t2"] == (105, 115, "t2", "AFTER_SESSION")
            assert slots(app) == {"squat.t1": (230, 3), "bench-press.t2": (115, 0)}
        rest_of_the_rotation(app)

    # Cycle 5, A1: the squat T1 is a 5RM test (the lifter picks the weight); bench T2 3x10 @ 115.
    workout = app.start()
    (retest,) = tier(workout, "squat.t1")
    assert (retest["kind"], retest["target_reps"], retest["weight"]) == ("rm_find", 5, None)
    assert scheme(workout, "bench-press.t2") == (3, 10, 115)
    for item in workout["sets"]:
        if item is retest:
            app.log_set(workout, item["set_index"], 5, weight=280)  # a new 5RM: 280
        else:
            app.log_set(workout, item["set_index"], item["target_reps"], None if item["weight"] is not None else 0)
    moved = changes(app.finish(workout))
    assert moved["squat.t1"] == (230, 240, "t1", "AFTER_SESSION")  # 85% x 280 = 238 -> 240
    assert moved["bench-press.t2"] == (115, 120, "t2", "AFTER_SESSION")
    rest_of_the_rotation(app)

    # Cycle 6, A1: squat T1 back to 5x3+, at 240.
    workout = app.start()
    assert scheme(workout, "squat.t1") == (5, 3, 240) and tier(workout, "squat.t1")[-1]["is_amrap"]
