"""5/3/1 BBB and 5/3/1 for Beginners against the worked numbers of programs.md (lb, nearest 5)."""

from decimal import Decimal

from engine.programs import Performance, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, lb, perform, shipped, slots_lb

D = Decimal
PRESS, DEADLIFT, BENCH, SQUAT = range(4)  # BBB day order


def bbb_slots(squat=360, bench=180, deadlift=360, press="121.5"):
    return slots_lb(squat=squat, **{"bench-press": bench, "deadlift": deadlift, "overhead-press": press})


def main_and_bbb(program, week, day, slots, lift):
    sets = by_exercise(prescribe(program, (week, day), slots, "lb"))
    return sets[lift], sets.get("bbb")


def test_training_max_is_90_percent_of_the_1rm_and_stays_exact():
    program = shipped("wendler-531-bbb")
    maxes = {"squat.1rm": 400, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135}
    slots = initial_slots(program, {k: lb(v) for k, v in maxes.items()})
    assert slots["squat"].weight == lb(360)
    assert slots["overhead-press"].weight == lb("121.5")  # not rounded


def test_bbb_squat_weeks_1_to_4():
    program, slots = shipped("wendler-531-bbb"), bbb_slots()
    # 65% 234 -> 235, 75% 270, 85% 306 -> 305; BBB 5x10 @ 50% = 180.
    assert main_and_bbb(program, 1, SQUAT, slots, "squat") == ([235, 270, 305], [180] * 5)
    # 70% 252 -> 250, 80% 288 -> 290, 90% 324 -> 325.
    assert main_and_bbb(program, 2, SQUAT, slots, "squat")[0] == [250, 290, 325]
    # 75% 270, 85% 306 -> 305, 95% 342 -> 340.
    assert main_and_bbb(program, 3, SQUAT, slots, "squat")[0] == [270, 305, 340]
    # Deload: 40% 144 -> 145, 50% 180, 60% 216 -> 215, and no BBB.
    assert main_and_bbb(program, 4, SQUAT, slots, "squat") == ([145, 180, 215], None)


def test_the_last_set_of_weeks_1_to_3_is_amrap_with_its_minimum():
    program = shipped("wendler-531-bbb")
    for week, minimum in ((1, 5), (2, 3), (3, 1)):
        top = [s for s in prescribe(program, (week, SQUAT), bbb_slots(), "lb") if s.exercise_id == "squat"][-1]
        assert top.is_amrap and top.min_reps == minimum and top.target_reps == minimum
    deload = prescribe(program, (4, SQUAT), bbb_slots(), "lb")
    assert not any(s.is_amrap for s in deload)
    bbb = [s for s in prescribe(program, (1, SQUAT), bbb_slots(), "lb") if s.exercise_id == "bbb"]
    assert [(s.target_reps, s.is_amrap, s.percent) for s in bbb] == [(10, False, D(50))] * 5


def test_programs_detail_week_1_for_every_day():
    program, slots = shipped("wendler-531-bbb"), bbb_slots(squat=270)
    assert main_and_bbb(program, 1, PRESS, slots, "overhead-press") == ([80, 90, 105], [60] * 5)
    assert main_and_bbb(program, 1, DEADLIFT, slots, "deadlift") == ([235, 270, 305], [180] * 5)
    assert main_and_bbb(program, 1, BENCH, slots, "bench-press") == ([115, 135, 155], [90] * 5)
    assert main_and_bbb(program, 1, SQUAT, slots, "squat") == ([175, 205, 230], [135] * 5)
    # 75% of 270 = 202.5 rounds up to 205 (week 3 squat).
    assert main_and_bbb(program, 3, SQUAT, slots, "squat")[0] == [205, 230, 255]


def whole_cycle(program, slots, reps=None):
    """Every session of the cycle logged as prescribed (AMRAPs at their minimum unless ``reps``)."""
    performed = []
    for week in range(1, program.weeks_per_cycle + 1):
        for day in range(program.days_in_week(week)):
            performed += perform(prescribe(program, (week, day), slots, "lb"), reps, f"w{week}d{day}")
    return Performance(sets=tuple(performed))


def test_cycle_completed_raises_each_tm_then_cycle_2_squat_top_set_is_315():
    program, slots = shipped("wendler-531-bbb"), bbb_slots()
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, whole_cycle(program, slots))
    after = apply_changes(slots, changes)
    assert {c.slot: c.new_weight.value for c in changes} == {
        "overhead-press": D("126.5"), "deadlift": 370, "bench-press": 185, "squat": 370,
    }
    assert {c.rule for c in changes} == {"tm-increase"}
    # 65% of 370 = 240.5 -> 240, 75% = 277.5 -> 280, 85% = 314.5 -> 315.
    assert main_and_bbb(program, 1, SQUAT, after, "squat")[0] == [240, 280, 315]
    assert main_and_bbb(program, 1, PRESS, after, "overhead-press") == ([80, 95, 110], [65] * 5)


def test_a_stalled_plus_set_lowers_that_tm_by_ten_percent_exactly():
    program, slots = shipped("wendler-531-bbb"), bbb_slots()
    performance = whole_cycle(program, slots)
    stalled = tuple(
        s if not (s.lift == "squat" and s.is_amrap and s.target_reps == 1) else s.__class__(**{**s.__dict__, "reps": 0})
        for s in performance.sets
    )
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, Performance(sets=stalled))
    squat = [c for c in changes if c.slot == "squat"]
    assert [(c.rule, c.new_weight.value) for c in squat] == [("stall-reset", D("324"))]
    assert apply_changes(slots, changes)["deadlift"].weight == lb(370)


def test_an_untracked_cycle_still_raises_the_tm():
    program, slots = shipped("wendler-531-bbb"), bbb_slots()
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, Performance())
    assert apply_changes(slots, changes)["squat"].weight == lb(370)


def test_beginners_week_1_squat_with_fsl_then_cycle_2():
    program = shipped("wendler-531-beginners")
    slots = slots_lb(squat=280, **{"bench-press": 180, "deadlift": 360, "overhead-press": "121.5"})
    day1 = by_exercise(prescribe(program, (1, 0), slots, "lb"))
    # 65% 182 -> 180, 75% 210, 85% 238 -> 240; FSL 5x5 @ 180.
    assert day1["squat"] == [180, 210, 240] and day1["squat-fsl"] == [180] * 5
    assert day1["bench-press"] == [115, 135, 155] and day1["bench-press-fsl"] == [115] * 5
    day3 = by_exercise(prescribe(program, (1, 2), slots, "lb"))
    assert day3["squat"] == day1["squat"] and day3["bench-press"] == day1["bench-press"]
    changes = apply_progressions(program, "AFTER_CYCLE", "cycle-1", "e1", slots, whole_cycle(program, slots))
    after = apply_changes(slots, changes)
    assert after["squat"].weight == lb(290)
    # 188.5 -> 190, 217.5 -> 220, 246.5 -> 245.
    assert by_exercise(prescribe(program, (1, 0), after, "lb"))["squat"] == [190, 220, 245]


def test_beginners_cycle_has_three_weeks_and_no_deload():
    program = shipped("wendler-531-beginners")
    assert program.weeks_per_cycle == 3 and program.repeats
    slots = slots_lb(squat=280, **{"bench-press": 180, "deadlift": 360, "overhead-press": "121.5"})
    week3 = by_exercise(prescribe(program, (3, 0), slots, "lb"))
    assert week3["squat"] == [210, 240, 265]  # 75% 210, 85% 238 -> 240, 95% 266 -> 265
    assert week3["squat-fsl"] == [210] * 5
