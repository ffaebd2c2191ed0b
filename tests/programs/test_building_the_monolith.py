"""5/3/1 Building the Monolith against programs-detail.md #7 (lb, nearest 5).

1RMs: squat 300, bench 200, deadlift 400, press 135 -> TMs (85%) 255, 170, 340, 114.75.
"""

from engine.programs import (
    Performance,
    SetKind,
    SlotState,
    apply_changes,
    apply_progressions,
    initial_slots,
    next_position,
    prescribe,
)
from tests.programs.support import by_exercise, kg, lb, perform, shipped
from tests.support.work_sets import work_sets

MON, WED, FRI = range(3)


def start():
    program = shipped("building-the-monolith")
    maxes = {"squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}
    return program, initial_slots(program, {k: lb(v) for k, v in maxes.items()})


def day(program, week, index, slots):
    return by_exercise(prescribe(program, (week, index), slots, "lb"))


def logged_week(program, week, slots, unit="lb"):
    sets = []
    for index in range(program.days_in_week(week)):
        sets += perform(prescribe(program, (week, index), slots, unit), None, f"w{week}d{index}")
    return Performance(sets=tuple(sets), week=week)


def after_week(program, week, slots, performance=None):
    performance = performance or logged_week(program, week, slots)
    return apply_changes(slots, apply_progressions(program, "AFTER_WEEK", f"w{week}", "e1", slots, performance))


def test_training_maxes_are_85_percent_and_exact():
    _, slots = start()
    assert {s: slots[s].weight for s in slots} == {
        "squat": lb(255), "bench-press": lb(170), "deadlift": lb(340), "overhead-press": lb("114.75"),
    }


def test_week_1_every_day():
    program, slots = start()
    monday, wednesday, friday = (day(program, 1, d, slots) for d in (MON, WED, FRI))
    # Squat 70% 178.5 -> 180, 80% 204 -> 205, then 5x5 @ 90% 229.5 -> 230.
    assert monday["squat"] == [180, 205] + [230] * 5
    # Press 70% 80.325 -> 80, 80% 91.8 -> 90, 90% 103.275 -> 105, then AMRAP @ 70% = 80.
    assert monday["overhead-press"] == [80, 90, 105, 80]
    # Deadlift 238 -> 240, 272 -> 270, 3x5 @ 306 -> 305; bench 119 -> 120, 136 -> 135, 5x5 @ 153 -> 155.
    assert wednesday["deadlift"] == [240, 270] + [305] * 3
    assert wednesday["bench-press"] == [120, 135] + [155] * 5
    # Friday squat 180, 205, 230, then 1x20 @ 45% 114.75 -> 115; press 10x5 @ 70% = 80.
    assert friday["squat"] == [180, 205, 230, 115]
    assert friday["overhead-press"] == [80] * 10


def test_monday_press_ends_with_an_open_amrap_and_the_accessories_are_rep_totals():
    program, slots = start()
    monday = prescribe(program, (1, MON), slots, "lb")
    press = [s for s in work_sets(monday) if s.exercise_id == "overhead-press"]
    assert [(s.target_reps, s.is_amrap) for s in press] == [(5, False), (5, False), (5, False), (None, True)]
    totals = {s.lift: (s.kind, s.target_reps, s.open_ended, s.weight) for s in monday if s.kind is SetKind.TOTAL_REPS}
    assert totals == {
        "chin-up": (SetKind.TOTAL_REPS, 100, True, None),
        "face-pull": (SetKind.TOTAL_REPS, 100, True, None),
        "dip": (SetKind.TOTAL_REPS, 100, True, None),
    }
    friday = prescribe(program, (1, FRI), slots, "lb")
    widowmaker = [s for s in friday if s.tag == "widowmaker"]
    assert [(s.lift, s.target_reps, s.is_amrap) for s in widowmaker] == [("squat", 20, False)]


def test_weeks_2_and_3_percentages():
    program, slots = start()
    # Week 2, TM 255: 65% 165.75 -> 165, 75% 191.25 -> 190, 5x5 @ 85% 216.75 -> 215.
    assert day(program, 2, MON, slots)["squat"] == [165, 190] + [215] * 5
    # Week 3: 75% 190, 85% 215, 5x5 @ 95% 242.25 -> 240.
    assert day(program, 3, MON, slots)["squat"] == [190, 215] + [240] * 5
    # Week 3 deadlift, TM 340: 75% 255, 85% 289 -> 290, 3x5 @ 95% 323 -> 325.
    assert day(program, 3, WED, slots)["deadlift"] == [255, 290] + [325] * 3


def test_friday_widowmaker_and_press_volume_change_every_week():
    program, slots = start()
    fridays = [day(program, week, FRI, slots) for week in range(1, 7)]
    # Squat TM 255 x 45 / 55 / 55 / 50 / 65 / 70%: 114.75 -> 115, 140.25 -> 140, 140,
    # 127.5 -> 130, 165.75 -> 165, 178.5 -> 180 (the TM bump of week 3 is not applied here).
    assert [f["squat"][-1] for f in fridays] == [115, 140, 140, 130, 165, 180]
    # Press TM 114.75: 10x5 @ 70% 80.3 -> 80; 10x5 @ 50% 57.4 -> 55; 10x5 @ 75% 86.1 -> 85;
    # 12x5 @ 60% 68.85 -> 70; 15x5 @ 65% 74.6 -> 75; 12x5 @ 75% 86.1 -> 85.
    assert [(len(f["overhead-press"]), f["overhead-press"][0]) for f in fridays] == [
        (10, 80), (10, 55), (10, 85), (12, 70), (15, 75), (12, 85),
    ]


def test_the_tms_rise_after_week_3_only():
    program, slots = start()
    for week in (1, 2, 4, 5, 6):
        assert (
            apply_progressions(program, "AFTER_WEEK", f"w{week}", "e1", slots, logged_week(program, week, slots)) == []
        )
    after = after_week(program, 3, slots)
    # +10 lb squat and deadlift, +5 lb bench and press.
    assert {s: after[s].weight for s in after} == {
        "squat": lb(265), "bench-press": lb(175), "deadlift": lb(350), "overhead-press": lb("119.75"),
    }
    # Week 4 Monday, TM 265: 70% 185.5 -> 185, 80% 212 -> 210, 5x5 @ 90% 238.5 -> 240.
    assert day(program, 4, MON, after)["squat"] == [185, 210] + [240] * 5
    # Friday 1x20 @ 50% of 265 = 132.5 -> 135; press 12x5 @ 60% of 119.75 = 71.85 -> 70.
    friday = day(program, 4, FRI, after)
    assert friday["squat"][-1] == 135 and friday["overhead-press"] == [70] * 12


def test_the_block_bump_does_not_depend_on_the_logged_work():
    program, slots = start()
    # An unlogged week 3 still bumps (when: always); an event without a week does not.
    after = after_week(program, 3, slots, Performance(week=3))
    assert after["deadlift"].weight == lb(350)
    assert apply_progressions(program, "AFTER_WEEK", "w?", "e1", slots, Performance()) == []


def test_kilogram_bump():
    program = shipped("building-the-monolith")
    slots = {s: SlotState(weight=kg(100)) for s in ("squat", "bench-press", "deadlift", "overhead-press")}
    after = after_week(program, 3, slots, Performance(week=3))
    assert {s: after[s].weight for s in after} == {
        "squat": kg(105), "bench-press": kg("102.5"), "deadlift": kg(105), "overhead-press": kg("102.5"),
    }


def test_the_program_ends_after_week_6():
    program, _ = start()
    assert program.weeks_per_cycle == 6 and not program.repeats
    assert next_position(program, (6, FRI)) is None
    assert next_position(program, (3, FRI)) == (4, MON)

