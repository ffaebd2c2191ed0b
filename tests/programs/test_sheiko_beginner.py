"""Sheiko Beginner against programs-detail.md #18 (lb, nearest 5).

Maxes: squat 300, bench 200, deadlift 400 (1RMs); no incline max entered, so the incline max is
80% of the bench 1RM = 160.
"""

from decimal import Decimal

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, perform, shipped

D = Decimal
MAXES = {"squat.1rm": lb(300), "bench-press.1rm": lb(200), "deadlift.1rm": lb(400)}


def start(**extra):
    program = shipped("sheiko-beginner")
    return program, initial_slots(program, {**MAXES, **extra})


def test_incline_max_defaults_to_80_percent_of_the_bench_or_is_entered():
    _, slots = start()
    assert slots["incline-bench-press"].weight == lb(160) and slots["squat"].weight == lb(300)
    _, slots = start(**{"incline-bench-press.1rm": lb(170)})
    assert slots["incline-bench-press"].weight == lb(170)


def test_prep_week_1_monday():
    program, slots = start()
    day = by_exercise(prescribe(program, (1, 0), slots, "lb"))
    # Squat 50% 150 x5, 60% 180 x5, 70% 210 x4 x4.
    assert day["squat"] == [150, 180] + [210] * 4
    # Bench 50% 100 x5, 60% 120 x4, 70% 140 x3, 75% 150 x3 x4.
    assert day["bench-press"] == [100, 120, 140] + [150] * 4
    assert day["chest-fly"] == [None] * 4 and day["good-morning"] == [None] * 5  # loads of the lifter's choice


def test_prep_week_1_wednesday_deadlift_variations_and_incline():
    program, slots = start()
    sets = prescribe(program, (1, 1), slots, "lb")
    day = by_exercise(sets)
    # Deadlift to knees, % of the deadlift 1RM: 200 x3, 240 x3, 280 x3, 300 x2 x4.
    assert day["deadlift-to-knees"] == [200, 240, 280] + [300] * 4
    # Incline 85% of 160 = 136 -> 135, 5 sets of 3.
    assert day["incline-bench-press"] == [135] * 5
    # Deadlift from boxes: 55% 220, 65% 260, 75% 300, 85% 340 x2 x3.
    assert day["block-deadlift"] == [220, 260, 300] + [340] * 3
    reps = [s.target_reps for s in sets if s.exercise_id == "block-deadlift"]
    assert reps == [3, 3, 3, 2, 2, 2]


def test_competition_week_1_wednesday_is_the_max_test_up_to_105_percent():
    program, slots = start()
    day = by_exercise(prescribe(program, (5, 1), slots, "lb"))
    # 50/60/70/80/90/95/100/105% of 300: 150, 180, 210, 240, 270, 285, 300, 315.
    assert day["squat"] == [150, 180, 210, 240, 270, 285, 300, 315]
    assert day["bench-press"][-3:] == [190, 200, 210]
    assert day["deadlift"][-1] == 420


def test_taper_week_has_two_sessions_and_the_cycle_repeats():
    program, slots = start()
    assert program.weeks_per_cycle == 8 and program.days_in_week(8) == 2 and program.repeats
    assert next_position(program, (8, 1)) is None
    wednesday = by_exercise(prescribe(program, (8, 1), slots, "lb"))
    # Squat 50% 150 x3, 60% 180 x3, 65% 195 x2 x3.
    assert wednesday["squat"] == [150, 180, 195, 195, 195]


def test_a_made_105_percent_single_becomes_the_new_max_after_the_cycle():
    program, slots = start()
    test_day = prescribe(program, (5, 1), slots, "lb")
    missed_squat = {s.set_index: 0 for s in test_day if s.lift == "squat" and s.percent == 105}
    performed = perform(test_day, missed_squat, "test-day")
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, Performance(sets=tuple(performed)))
    after = apply_changes(slots, changes)
    # Bench 105% = 210 and deadlift 420 were made: new maxes. The squat 315 was missed: 300 stays.
    assert after["bench-press"].weight == lb(210) and after["deadlift"].weight == lb(420)
    assert after["squat"].weight == lb(300)
    assert {c.rule for c in changes} == {"max-test"}
    # Next cycle's prep week 1 Monday bench: 75% of 210 = 157.5 -> 160.
    assert by_exercise(prescribe(program, (1, 0), after, "lb"))["bench-press"][-1] == 160


def test_stopping_the_test_below_the_max_keeps_the_max():
    program, slots = start()
    test_day = [s for s in prescribe(program, (5, 1), slots, "lb") if s.lift == "squat" and s.percent <= 95]
    performed = perform(test_day, session_id="test-day")
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, Performance(sets=tuple(performed)))
    assert changes == []
