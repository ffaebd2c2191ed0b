"""RTS Generalized Intermediate Program against programs-detail.md #14 (lb).

Maxes: squat 300, bench 200, deadlift 400 (1RMs). Top sets are chart%(reps, RPE) x max rounded
UP to 5 lb; load-drop sets are the top set's weight x (1 - f) rounded DOWN (the spreadsheet's
top - ceil(top x f / 5) x 5).
"""

from dataclasses import replace
from decimal import Decimal

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, perform, shipped
from tests.support.work_sets import work_sets

D = Decimal


def start():
    program = shipped("rts-intermediate")
    maxes = {"squat.1rm": lb(300), "bench-press.1rm": lb(200), "deadlift.1rm": lb(400)}
    return program, initial_slots(program, maxes)


def log_set(program, slots, prescribed, reps, rpe, weight=None, event="set-1"):
    """Log one set (at its prescribed weight unless ``weight``) with an RPE, then run AFTER_SET."""
    performed = replace(perform([prescribed])[0], reps=reps, rpe=D(str(rpe)))
    if weight is not None:
        performed = replace(performed, weight=lb(weight))
    changes = apply_progressions(program, "AFTER_SET", event, "e1", slots, Performance(sets=(performed,)))
    return apply_changes(slots, changes), changes


def test_week_1_top_sets_at_rpe_9_rounded_up():
    program, slots = start()
    d1 = by_exercise(prescribe(program, (1, 0), slots, "lb"))
    # 3x5 @ RPE 9: 83.7% x 300 = 251.1 -> 255 (ceil); bench 83.7% x 200 = 167.4 -> 170.
    assert d1 == {"squat": [255] * 3, "bench-press": [170] * 3}
    # Deadlift 2x5 @ RPE 9: 83.7% x 400 = 334.8 -> 335.
    assert by_exercise(prescribe(program, (1, 1), slots, "lb"))["deadlift"] == [335, 335]


def test_week_2_load_drop_of_5_percent_until_rpe_8():
    program, slots = start()
    sets = prescribe(program, (2, 0), slots, "lb")
    # Squat x4 @ 8: 83.7% x 300 = 251.1 -> 255; load drop 255 x 0.95 = 242.25 -> 240 (floor).
    # Bench: 167.4 -> 170; 161.5 -> 160.
    assert by_exercise(sets) == {"squat": [255, 240], "bench-press": [170, 160]}
    drop = [s for s in work_sets(sets) if s.lift == "squat"][1]
    assert (drop.kind.value, drop.open_ended, drop.target_reps, drop.stop_rpe) == ("fatigue", True, 4, 8)
    # Deadlift day: x3 @ 8 = 86.3% x 400 = 345.2 -> 350; 350 x 0.95 = 332.5 -> 330.
    assert by_exercise(prescribe(program, (2, 1), slots, "lb"))["deadlift"] == [350, 330]


def test_load_drop_follows_the_top_set_as_logged():
    program, slots = start()
    sets = work_sets(prescribe(program, (2, 0), slots, "lb"))
    top = replace(perform(sets[:1])[0], weight=lb(250))
    # 250 x 0.95 = 237.5 -> 235 (floor).
    assert by_exercise(prescribe(program, (2, 0), slots, "lb", earlier_sets=[top]))["squat"] == [255, 235]


def test_weeks_5_to_8_drop_7_percent_and_deadlift_repeats():
    program, slots = start()
    # Squat x3 @ 8.5: 87.8% x 300 = 263.4 -> 265; 265 x 0.93 = 246.45 -> 245.
    assert by_exercise(prescribe(program, (5, 0), slots, "lb"))["squat"] == [265, 245]
    deadlift = [s for s in work_sets(prescribe(program, (6, 3), slots, "lb")) if s.lift == "deadlift"]
    # x2 @ 8.5: 90.7% x 400 = 362.8 -> 365, then repeats at 365 until RPE 10.
    assert [s.weight.value for s in deadlift] == [365, 365]
    assert (deadlift[1].kind.value, deadlift[1].stop_rpe) == ("fatigue", 10)


def test_a_logged_top_set_re_estimates_the_max_for_later_sessions():
    program, slots = start()
    top = work_sets(prescribe(program, (2, 0), slots, "lb"))[0]
    # 255 x 4 at RPE 9 (harder than the planned 8): e1RM = 255 / 0.863 = 295.48.
    after, changes = log_set(program, slots, top, reps=4, rpe=9)
    assert after["squat"].weight.value.quantize(D("0.01")) == D("295.48")
    assert [(c.rule, c.trigger.value) for c in changes] == [("rpe-max", "AFTER_SET")]
    # Thursday's squat x4 @ 8: 83.7% x 295.48 = 247.3 -> 250; drop 237.5 -> 235.
    assert by_exercise(prescribe(program, (2, 2), after, "lb"))["squat"] == [250, 235]
    # 265 x 4 at RPE 8 raises it: 265 / 0.837 = 316.61.
    after, _ = log_set(program, slots, top, reps=4, rpe=8, weight=265)
    assert after["squat"].weight.value.quantize(D("0.01")) == D("316.61")


def test_a_max_stored_to_three_decimals_gives_back_the_logged_top_set():
    program, slots = start()
    # Deadlift 335 x 5 at RPE 9: e1RM 335 / 0.837 = 400.2389..., stored as 400.239. The next set
    # of 5 @ 9 is 83.7% of it = 335.000043, which rounds up to 335 (not 340).
    slots = {**slots, "deadlift": slots["deadlift"].with_(weight=lb("400.239"))}
    assert by_exercise(prescribe(program, (1, 3), slots, "lb"))["deadlift"] == [335, 335]


def test_fatigue_sets_and_sets_without_an_rpe_do_not_move_the_max():
    program, slots = start()
    sets = work_sets(prescribe(program, (2, 0), slots, "lb"))
    assert log_set(program, slots, sets[1], reps=4, rpe=8)[1] == []  # the load-drop set
    no_rpe = replace(perform(sets[:1])[0], rpe=None)
    assert apply_progressions(program, "AFTER_SET", "s", "e1", slots, Performance(sets=(no_rpe,))) == []


def test_week_9_singles_set_the_new_max_and_the_program_ends():
    program, slots = start()
    deadlift = [s for s in work_sets(prescribe(program, (9, 1), slots, "lb")) if s.lift == "deadlift"]
    assert [(s.weight.value, s.target_reps, s.rpe) for s in deadlift] == [(400, 1, 10)] * 2  # 100% x 400
    # 405 x 1 at RPE 10: 405 / 1.000 = 405.
    after, _ = log_set(program, slots, deadlift[0], reps=1, rpe=10, weight=405)
    assert after["deadlift"].weight == lb(405)
    # Squat singles @ 9.5: 97.8% x 300 = 293.4 -> 295.
    assert by_exercise(prescribe(program, (9, 0), slots, "lb"))["squat"] == [295] * 3
    assert program.weeks_per_cycle == 9 and not program.repeats and next_position(program, (9, 3)) is None
