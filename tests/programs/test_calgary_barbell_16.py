"""Calgary Barbell 16-Week against programs-detail.md #17 (lb, nearest 5, % of the 1RM).

Maxes: squat 300, bench 200, deadlift 400 (1RMs).
"""

from decimal import Decimal

from engine.programs import initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, shipped

D = Decimal


def start():
    program = shipped("calgary-barbell-16")
    maxes = {"squat.1rm": lb(300), "bench-press.1rm": lb(200), "deadlift.1rm": lb(400)}
    return program, initial_slots(program, maxes)


def day(program, slots, week, index):
    return by_exercise(prescribe(program, (week, index), slots, "lb"))


def test_week_1_every_day():
    program, slots = start()
    # Day 1: squat 4x7 @ 64% = 192 -> 190; bench 4x7 @ 64% = 128 -> 130; OHP 3x8 @ RPE 8 (lifter's load).
    d1 = day(program, slots, 1, 0)
    assert d1["squat"] == [190] * 4 and d1["bench-press"] == [130] * 4 and d1["overhead-press"] == [None] * 3
    # Day 2: deadlift 4x7 @ 64% = 256 -> 255; 3-count pause bench 3x5 @ 57% of the bench = 114 -> 115.
    d2 = day(program, slots, 1, 1)
    assert d2["deadlift"] == [255] * 4 and d2["long-pause-bench-press"] == [115] * 3
    # Day 3: pin squat 3x6 @ 62% of the squat = 186 -> 185.
    assert day(program, slots, 1, 2)["pin-squat"] == [185] * 3
    # Day 4: 2-count pause deadlift 3x6 @ 60% = 240; touch-and-go bench 4x10 @ 60% = 120;
    # SLDL 3x8 @ 38% of the deadlift = 152 -> 150.
    d4 = day(program, slots, 1, 3)
    assert d4["paused-deadlift"] == [240] * 3 and d4["touch-and-go-bench-press"] == [120] * 4
    assert d4["stiff-leg-deadlift"] == [150] * 3


def test_week_2_and_week_5_heavy_and_light_sets():
    program, slots = start()
    # Week 2 day 1: squat 4x6 @ 67% = 201 -> 200; bench 67% = 134 -> 135.
    w2 = day(program, slots, 2, 0)
    assert w2["squat"] == [200] * 4 and w2["bench-press"] == [135] * 4
    # Week 5 day 1: squat 3x3 @ 76% = 228 -> 230, then 2x5 @ 65% = 195.
    assert day(program, slots, 5, 0)["squat"] == [230, 230, 230, 195, 195]


def test_week_12_rpe_top_set_then_percentage_back_offs():
    program, slots = start()
    sets = [s for s in prescribe(program, (12, 0), slots, "lb") if s.lift == "squat"]
    # 1x3 @ RPE 8: chart 86.3% of 300 = 258.9 -> 260; then 6x5 @ 62% = 186 -> 185.
    assert [s.weight.value for s in sets] == [260] + [185] * 6
    assert (sets[0].rpe, sets[0].percent, sets[0].target_reps) == (8, D("86.3"), 3)
    # Day 3: pin squat top set and fatigue sets at RPE: the lifter chooses the loads.
    pin = [s for s in prescribe(program, (12, 2), slots, "lb") if s.lift == "pin-squat"]
    assert [(s.target_reps, s.rpe, s.weight) for s in pin] == [(3, 8, None), (4, 9, None), (4, 9, None)]


def test_meet_week_counts_down_to_the_meet_and_the_program_ends():
    program, slots = start()
    assert program.weeks_per_cycle == 16 and not program.repeats and program.progressions == ()
    assert [program.workout_at(16, d).label for d in range(4)] == [
        "5 days out", "4 days out", "3 days out", "2 days out",
    ]
    assert "15 weeks before meet week" in program.schedule.weeks[0].label
    # 5 days out: squat opener (lifter's choice), then 3x2 @ 78% = 234 -> 235.
    assert day(program, slots, 16, 0)["squat"] == [None, 235, 235, 235]
    # 2 days out: deadlift 1x3 @ 71% = 284 -> 285.
    assert day(program, slots, 16, 3)["deadlift"] == [285]
    assert next_position(program, (16, 3)) is None


def test_phase_changes_swap_the_day_3_squat_variation():
    program, slots = start()
    lifts = [program.workout_at(week, 2).exercises[0].lift for week in (1, 5, 9, 12)]
    assert lifts == ["pin-squat", "paused-squat", "paused-squat", "pin-squat"]
