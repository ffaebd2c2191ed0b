"""Greg Nuckols Beginner against programs-detail.md #13 (lb, FLOOR to 5).

1RMs: bench 200, squat 300, deadlift 400.
"""

from dataclasses import replace

from engine.programs import Performance, SetKind, SlotState, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, kg, lb, perform, shipped

DAY1, DAY3, DAY5 = range(3)


def start(bench=200, squat=300, deadlift=400):
    program = shipped("nuckols-beginner")
    maxes = {"bench-press.1rm": lb(bench), "squat.1rm": lb(squat), "deadlift.1rm": lb(deadlift)}
    return program, initial_slots(program, maxes)


def sets_of(program, week, day, slots, exercise_id, earlier=()):
    return [s for s in prescribe(program, (week, day), slots, "lb", earlier) if s.exercise_id == exercise_id]


def log(prescribed, weight=None, reps=None):
    """A prescribed set logged at ``weight`` (default: as prescribed) for ``reps`` (default: the target)."""
    performed = perform([prescribed])[0]
    return replace(
        performed,
        weight=performed.weight if weight is None else lb(weight),
        reps=performed.reps if reps is None else reps,
    )


def after(program, trigger, week, slots, performed):
    performance = Performance(sets=tuple(performed), week=week)
    return apply_changes(slots, apply_progressions(program, trigger, f"{trigger}-{week}", "e1", slots, performance))


def test_bench_starts_at_floored_percentages():
    _, slots = start()
    # 70 / 75 / 80% of 200 = 140, 150, 160.
    assert [slots[f"bench-press.d{d}"].weight for d in (1, 2, 3)] == [lb(140), lb(150), lb(160)]
    _, slots = start(bench=213)
    # 149.1, 159.75, 170.4 floor to 145, 155, 170 (nearest would give 150, 160, 170).
    assert [slots[f"bench-press.d{d}"].weight for d in (1, 2, 3)] == [lb(145), lb(155), lb(170)]


def test_bench_days_are_two_sets_and_an_amap_at_one_weight():
    program, slots = start()
    for day, exercise_reps, weight in ((DAY1, 8, 140), (DAY3, 6, 150), (DAY5, 4, 160)):
        bench = sets_of(program, 1, day, slots, "bench-press")
        assert [(s.weight.value, s.target_reps, s.is_amrap) for s in bench] == [
            (weight, exercise_reps, False), (weight, exercise_reps, False), (weight, exercise_reps, True),
        ]


def test_bench_progression_per_day_from_the_amap():
    program, slots = start()
    # D1 AMAP 11 (target 8, +3) -> +10: 150. D2 AMAP 6 (+0) -> holds 150. D3 AMAP 6 (+2) -> +5: 165.
    performed = []
    for day, amap in ((DAY1, 11), (DAY3, 6), (DAY5, 6)):
        performed += [log(s, reps=amap if s.is_amrap else None) for s in sets_of(program, 1, day, slots, "bench-press")]
    slots = after(program, "AFTER_WEEK", 1, slots, performed)
    assert [slots[f"bench-press.d{d}"].weight for d in (1, 2, 3)] == [lb(150), lb(150), lb(165)]
    # Next week: D1 13 (+5) -> +15: 165. D2 10 (+4) -> +10: 160. D3 5 (+1) -> +5: 170.
    performed = []
    for day, amap in ((DAY1, 13), (DAY3, 10), (DAY5, 5)):
        performed += [log(s, reps=amap if s.is_amrap else None) for s in sets_of(program, 2, day, slots, "bench-press")]
    slots = after(program, "AFTER_WEEK", 2, slots, performed)
    assert [slots[f"bench-press.d{d}"].weight for d in (1, 2, 3)] == [lb(165), lb(160), lb(170)]


def test_bench_increments_in_kg():
    program = shipped("nuckols-beginner")
    slots = {s: SlotState() for s in program.slots}
    slots["bench-press.d1"] = SlotState(weight=kg(60))
    bench = [s for s in prescribe(program, (1, DAY1), slots, "kg") if s.exercise_id == "bench-press"]
    performed = [log(s, reps=14 if s.is_amrap else None) for s in bench]
    # 14 reps = target + 6 -> +7.5 kg.
    assert after(program, "AFTER_WEEK", 1, slots, performed)["bench-press.d1"].weight == kg("67.5")


def test_squat_day_1_by_week():
    program, slots = start()
    # 1RM 300: 6x6 @ 75% 225, 5x5 @ 80% 240, 3x1 @ 85% 255, 3x3 @ 70% 210.
    schemes = [
        [(s.weight.value, s.target_reps) for s in sets_of(program, w, DAY1, slots, "squat")] for w in (1, 2, 3, 4)
    ]
    assert schemes == [[(225, 6)] * 6, [(240, 5)] * 5, [(255, 1)] * 3, [(210, 3)] * 3]
    _, slots = start(squat=315)
    # 1RM 315: 236.25 -> 235, 252 -> 250, 267.75 -> 265 (floor, not 270), 220.5 -> 220.
    assert [sets_of(program, w, DAY1, slots, "squat")[0].weight.value for w in (1, 2, 3, 4)] == [235, 250, 265, 220]


def test_squat_day_2_backs_off_at_the_rep_max_logged():
    program, slots = start()
    squat = sets_of(program, 1, DAY3, slots, "squat")
    assert (squat[0].kind, squat[0].target_reps, squat[0].weight) == (SetKind.RM_FIND, 8, None)
    # 8RM logged at 245: then 3 sets of 5-6 at 245.
    backoff = sets_of(program, 1, DAY3, slots, "squat", [log(squat[0], weight=245)])[1:]
    assert [(s.weight.value, s.target_reps, s.reps_max) for s in backoff] == [(245, 5, 6)] * 3
    assert [s.target_reps for s in sets_of(program, 4, DAY3, slots, "squat")] == [1]


def test_deadlift_top_set_carries_from_week_to_week():
    program, slots = start()
    week1 = sets_of(program, 1, DAY1, slots, "deadlift")
    assert [(s.weight, s.target_reps) for s in week1] == [(None, 5), (None, 3), (None, 3)]  # the lifter picks
    # Week 1 top set logged at 315 -> week 2 top set 315 + 10 = 325, then 3x3 at it.
    slots = after(program, "AFTER_WEEK", 1, slots, [log(week1[0], weight=315)])
    assert slots["deadlift.top"].weight == lb(315)
    week2 = sets_of(program, 2, DAY1, slots, "deadlift")
    assert [(s.weight.value, s.target_reps) for s in week2] == [(325, 5)] + [(325, 3)] * 3
    # Week 2 logged as prescribed -> week 3: 335, 4x3.
    slots = after(program, "AFTER_WEEK", 2, slots, [log(s) for s in week2])
    week3 = sets_of(program, 3, DAY1, slots, "deadlift")
    assert [s.weight.value for s in week3] == [335] * 5
    # Week 3 logged at 335 -> week 4: 70% of 335 = 234.5 -> 230 (floor), 4x3 at it.
    slots = after(program, "AFTER_WEEK", 3, slots, [log(s) for s in week3])
    assert [s.weight.value for s in sets_of(program, 4, DAY1, slots, "deadlift")] == [230] * 5
    # Week 4's top set does not replace the carried weight.
    week4 = sets_of(program, 4, DAY1, slots, "deadlift")
    assert after(program, "AFTER_WEEK", 4, slots, [log(s) for s in week4])["deadlift.top"].weight == lb(335)


def test_a_missed_top_set_keeps_the_last_good_one():
    program, slots = start()
    slots = {**slots, "deadlift.top": SlotState(weight=lb(315))}
    week2 = sets_of(program, 2, DAY1, slots, "deadlift")
    slots = after(program, "AFTER_WEEK", 2, slots, [log(week2[0], reps=4)])
    assert slots["deadlift.top"].weight == lb(315)


def test_opposite_stance_climbs_from_the_week_1_weight():
    program, slots = start()
    week1 = sets_of(program, 1, DAY5, slots, "sumo-deadlift")
    assert [(s.weight, s.target_reps) for s in week1] == [(None, 6), (None, 6)]
    slots = after(program, "AFTER_WEEK", 1, slots, [log(s, weight=275) for s in week1])
    assert slots["sumo-deadlift"].weight == lb(275)
    week2 = sets_of(program, 2, DAY5, slots, "sumo-deadlift")
    # Set 1 at 275; each next set 10 lb over the set before: 285, 295 as prescribed.
    assert [(s.weight.value, s.target_reps) for s in week2] == [(275, 6), (285, 6), (295, 6)]
    # Set 2 logged at 275 instead (set 1 was hard): set 3 follows the logged weight, 275 + 10 = 285
    # (set 2 keeps its prescription, 285; the log holds what was lifted).
    earlier = [log(week2[0]), log(week2[1], weight=275)]
    assert [s.weight.value for s in sets_of(program, 2, DAY5, slots, "sumo-deadlift", earlier)] == [275, 285, 285]
    # Week 3: 5x5 from 275: 275, 285, 295, 305, 315.
    assert [s.weight.value for s in sets_of(program, 3, DAY5, slots, "sumo-deadlift")] == [275, 285, 295, 305, 315]
    # Week 4 tests the main stance instead.
    day5 = by_exercise(prescribe(program, (4, DAY5), slots, "lb"))
    assert set(day5) == {"bench-press", "deadlift"} and day5["deadlift"] == [None]


def test_week_4_tests_write_only_new_maxes():
    program, slots = start()
    squat_test = sets_of(program, 4, DAY3, slots, "squat")[0]
    deadlift_test = sets_of(program, 4, DAY5, slots, "deadlift")[0]
    # Squat 320 > 300: the new 1RM. Deadlift 390 < 400: kept.
    slots = after(program, "AFTER_CYCLE", 4, slots, [log(squat_test, weight=320), log(deadlift_test, weight=390)])
    assert slots["squat"].weight == lb(320) and slots["deadlift"].weight == lb(400)
    # Next cycle squat day 1: 75% of 320 = 240.
    assert sets_of(program, 1, DAY1, slots, "squat")[0].weight == lb(240)
    # A missed test (0 reps) changes nothing.
    missed = after(program, "AFTER_CYCLE", 4, slots, [log(squat_test, weight=350, reps=0)])
    assert missed["squat"].weight == lb(320)
