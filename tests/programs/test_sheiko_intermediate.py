"""Sheiko Intermediate (#29-#32) against programs-detail.md #19 (lb, nearest 5).

Maxes: squat 300, bench 200, deadlift 400 (1RMs); front squat not entered, so 80% of 300 = 240.
"""

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, perform, shipped

MAXES = {"squat.1rm": lb(300), "bench-press.1rm": lb(200), "deadlift.1rm": lb(400)}


def start(**extra):
    program = shipped("sheiko-intermediate")
    return program, initial_slots(program, {**MAXES, **extra})


def test_week_1_day_1_has_two_bench_sessions():
    program, slots = start()
    sets = prescribe(program, (1, 0), slots, "lb")
    day = by_exercise(sets)
    # Bench 50% 100 x5, 60% 120 x4 x2, 70% 140 x3 x2, 75% 150 x3 x5.
    assert day["bench-press"] == [100, 120, 120, 140, 140] + [150] * 5
    # Squat 50% 150 x5, 60% 180 x5 x2, 70% 210 x5 x5.
    assert day["squat"] == [150, 180, 180] + [210] * 5
    # Bench (2nd) 50% 100 x5, 60% 120 x5, 70% 140 x4 x4: its own exercise on the same 1RM.
    assert day["bench-press-2"] == [100, 120] + [140] * 4
    assert [s.target_reps for s in sets if s.exercise_id == "bench-press-2"] == [5, 5, 4, 4, 4, 4]
    assert day["dumbbell-bench-press"] == [None] * 5  # 5x10, load of the lifter's choice


def test_week_2_front_squat_uses_its_own_max():
    program, slots = start()
    assert slots["front-squat"].weight == lb(240)
    # 45% of 240 = 108 -> 110 x3 x2, 55% = 132 -> 130 x3 x2, 60% = 144 -> 145 x2 x4.
    assert by_exercise(prescribe(program, (2, 0), slots, "lb"))["front-squat"] == [110, 110, 130, 130] + [145] * 4
    _, entered = start(**{"front-squat.1rm": lb(250)})
    # 60% of 250 = 150.
    assert by_exercise(prescribe(program, (2, 0), entered, "lb"))["front-squat"][-1] == 150


def test_week_1_day_2_deadlift_variations_from_the_deadlift_max():
    program, slots = start()
    day = by_exercise(prescribe(program, (1, 1), slots, "lb"))
    # Halting deadlift 50% 200 x3, 60% 240 x3 x2, 70% 280 x3 x2, 75% 300 x3 x4.
    assert day["deadlift-to-knees"] == [200, 240, 240, 280, 280] + [300] * 4
    # Blocks 55% 220 x4, 65% 260 x4, 75% 300 x4 x2, 85% 340 x3 x4.
    assert day["block-deadlift"] == [220, 260, 300, 300] + [340] * 4


def test_week_13_day_2_max_test():
    program, slots = start()
    day = by_exercise(prescribe(program, (13, 1), slots, "lb"))
    # Squat 150, 2 x3 @ 180, 2 x2 @ 210, 240 x2, 270 x1, 3 x1 @ 300.
    assert day["squat"] == [150, 180, 180, 210, 210, 240, 270, 300, 300, 300]
    assert day["deadlift"][-3:] == [400] * 3


def test_sixteen_weeks_with_a_two_session_taper_then_the_program_ends():
    program, slots = start()
    assert program.weeks_per_cycle == 16 and not program.repeats
    assert program.days_in_week(16) == 2 and next_position(program, (16, 1)) is None
    # Week 16 day 2 squat: 50% 150 x3, 60% 180 x3 x2, 70% 210 x2 x3.
    assert by_exercise(prescribe(program, (16, 1), slots, "lb"))["squat"] == [150, 180, 180, 210, 210, 210]


def test_a_heavier_test_single_is_recorded_as_the_new_max_when_the_cycle_ends():
    program, slots = start()
    test_day = prescribe(program, (13, 1), slots, "lb")
    performed = perform(test_day, session_id="w13d2")
    # The lifter loads the last squat single to 310 and makes it; the last bench single is missed.
    last_squat = max(i for i, s in enumerate(performed) if s.lift == "squat")
    last_bench = max(i for i, s in enumerate(performed) if s.lift == "bench-press")
    performed[last_squat] = performed[last_squat].__class__(**{**performed[last_squat].__dict__, "weight": lb(310)})
    performed[last_bench] = performed[last_bench].__class__(**{**performed[last_bench].__dict__, "reps": 0})
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, Performance(sets=tuple(performed)))
    after = apply_changes(slots, changes)
    assert after["squat"].weight == lb(310)  # a single's estimate is the weight itself
    assert after["bench-press"].weight == lb(200)  # missed: the max stays
    assert after["deadlift"].weight == lb(400)  # 3 x 1 @ 400 made: no record, no change
    assert [c.slot for c in changes] == ["squat"]
