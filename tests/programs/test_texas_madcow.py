"""Texas Method and Bill Starr 5x5 (Madcow): loads derived from other loads, weekly steps."""

from decimal import Decimal

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, lb, perform, shipped, slots_lb

D = Decimal
MONDAY, WEDNESDAY, FRIDAY = range(3)


def texas_slots(squat=300, bench=175, press=120, deadlift=355, clean=135):
    return slots_lb(
        squat=squat, **{"bench-press": bench, "overhead-press": press, "deadlift": deadlift, "power-clean": clean}
    )


def week_of(program, week, slots):
    return [by_exercise(prescribe(program, (week, day), slots, "lb")) for day in range(3)]


def log_week(program, week, slots, reps=None):
    sets = []
    for day in range(program.days_in_week(week)):
        sets += perform(prescribe(program, (week, day), slots, "lb"), reps, f"w{week}d{day}")
    return Performance(sets=tuple(sets), week=week)


def test_texas_squat_week_1_then_week_2_after_a_successful_friday():
    program, slots = shipped("texas-method"), texas_slots()
    monday, wednesday, friday = week_of(program, 1, slots)
    # Monday 90% of 300 = 270; Wednesday 80% of Monday = 216 -> 215; Friday 300.
    assert monday["squat"] == [270] * 5 and wednesday["squat"] == [215] * 2 and friday["squat"] == [300]
    changes = apply_progressions(program, "AFTER_WEEK", "week-1", "e1", slots, log_week(program, 1, slots))
    slots = apply_changes(slots, changes)
    assert slots["squat"].weight == lb(305)
    monday, wednesday, friday = week_of(program, 2, slots)
    # Friday 305; Monday 274.5 -> 275; Wednesday 80% of 275 = 220.
    assert friday["squat"] == [305] and monday["squat"] == [275] * 5 and wednesday["squat"] == [220] * 2


def test_texas_programs_detail_week_a_and_b():
    program = shipped("texas-method")
    slots = texas_slots(squat=265, bench=175, press=120, deadlift=355)
    monday, wednesday, friday = week_of(program, 1, slots)
    assert monday == {"squat": [240] * 5, "bench-press": [160] * 5, "deadlift": [355]}  # 238.5, 157.5 up
    assert wednesday["squat"] == [190] * 2 and wednesday["overhead-press"] == [110] * 3  # 192, 108
    assert wednesday["chin-up"] == [None] * 3 and friday["squat"] == [265] and friday["bench-press"] == [175]
    slots = apply_changes(
        slots, apply_progressions(program, "AFTER_WEEK", "w1", "e1", slots, log_week(program, 1, slots))
    )
    assert (slots["squat"].weight, slots["bench-press"].weight, slots["deadlift"].weight) == (lb(270), lb(180), lb(360))
    assert slots["overhead-press"].weight == lb(120)  # not tested in week A
    monday, wednesday, friday = week_of(program, 2, slots)
    assert monday == {"squat": [245] * 5, "overhead-press": [110] * 5, "deadlift": [360]}  # 243, 108
    assert wednesday["squat"] == [195] * 2 and wednesday["bench-press"] == [160] * 3  # 196, 162
    assert friday["squat"] == [270] and friday["overhead-press"] == [120]


def test_texas_friday_rounds_down_and_a_missed_friday_holds():
    program, slots = shipped("texas-method"), texas_slots(squat="302.5")
    assert week_of(program, 1, slots)[FRIDAY]["squat"] == [300]  # floor, not 305
    missed = log_week(
        program, 1, slots, reps=lambda p: 4 if p.tag == "intensity" and p.lift == "squat" else p.target_reps
    )
    after = apply_changes(slots, apply_progressions(program, "AFTER_WEEK", "w1", "e1", slots, missed))
    assert after["squat"].weight == lb("302.5") and after["bench-press"].weight == lb(180)


def test_texas_friday_weight_starts_at_the_entered_5rm():
    program = shipped("texas-method")
    maxes = {
        "squat.5rm": 300,
        "bench-press.5rm": 175,
        "overhead-press.5rm": 120,
        "deadlift.work": 355,
        "power-clean.work": 135,
    }
    slots = initial_slots(program, {k: lb(v) for k, v in maxes.items()})
    assert slots["squat"].weight == lb(300) and slots["power-clean"].weight == lb(135)


def madcow_slots(top=240):
    return slots_lb(squat=top, **{"bench-press": 165, "barbell-row": 135, "incline-bench-press": 135, "deadlift": 300})


def test_madcow_monday_ramp_120_150_180_210_240_and_wednesday():
    program = shipped("bill-starr-5x5")
    monday, wednesday, friday = week_of(program, 1, madcow_slots(240))
    assert monday["squat"] == [120, 150, 180, 210, 240]
    assert wednesday["squat"] == [120, 150, 180, 180]
    # Friday: four ramp sets, the triple at 102.5% (246 -> 245), then 8 reps at the 75% weight.
    assert friday["squat"] == [120, 150, 180, 210, 245, 180]
    assert [s.target_reps for s in prescribe(program, (1, FRIDAY), madcow_slots(), "lb") if s.lift == "squat"] == [
        5,
        5,
        5,
        5,
        3,
        8,
    ]


def test_madcow_start_and_weekly_step_from_programs_detail():
    program = shipped("bill-starr-5x5")
    maxes = {
        "squat.5rm": 265,
        "bench-press.5rm": 180,
        "barbell-row.5rm": 150,
        "incline-bench-press.5rm": 150,
        "deadlift.5rm": 330,
    }
    slots = initial_slots(program, {k: lb(v) for k, v in maxes.items()})
    assert slots["squat"].weight == lb(245) and slots["bench-press"].weight == lb(165)  # 246.45, 167.4
    monday, _, friday = week_of(program, 1, slots)
    assert monday["squat"] == [125, 155, 185, 215, 245] and monday["bench-press"] == [85, 105, 125, 145, 165]
    assert friday["squat"][4] == 250 and friday["bench-press"][4] == 170  # 251.1 -> 250, 169.1 -> 170
    slots = apply_changes(
        slots, apply_progressions(program, "AFTER_WEEK", "w1", "e1", slots, log_week(program, 1, slots))
    )
    assert slots["squat"].weight == lb(250)
    assert week_of(program, 1, slots)[MONDAY]["squat"] == [125, 155, 190, 220, 250]
    assert week_of(program, 1, slots)[FRIDAY]["squat"][4] == 255  # 256.25 -> 255


def test_madcow_a_missed_monday_top_set_repeats_the_week():
    program, slots = shipped("bill-starr-5x5"), madcow_slots()
    def reps(p):
        return 3 if p.workout == "heavy" and p.tag == "top" and p.lift == "squat" else p.target_reps

    missed = log_week(program, 1, slots, reps=reps)
    after = apply_changes(slots, apply_progressions(program, "AFTER_WEEK", "w1", "e1", slots, missed))
    assert after["squat"].weight == lb(240) and after["bench-press"].weight == lb(170)
