"""Calgary Barbell 8-Week against programs-detail.md #16 (lb, nearest 5, % of the 1RM).

Maxes: squat 300, bench 200, deadlift 400 (1RMs).
"""

from decimal import Decimal

from engine.programs import initial_slots, next_position, prescribe
from tests.programs.support import by_exercise, lb, shipped

D = Decimal


def start():
    program = shipped("calgary-barbell-8")
    maxes = {"squat.1rm": lb(300), "bench-press.1rm": lb(200), "deadlift.1rm": lb(400)}
    return program, initial_slots(program, maxes)


def day(program, slots, week, index):
    return by_exercise(prescribe(program, (week, index), slots, "lb"))


def test_week_1_day_1_and_day_2():
    program, slots = start()
    d1 = day(program, slots, 1, 0)
    # Squat 3x3 @ 76% = 228 -> 230, 2x5 @ 65% = 195; bench 4x3 @ 76% = 152 -> 150, 2x5 @ 65% = 130.
    assert d1["squat"] == [230] * 3 + [195] * 2
    assert d1["bench-press"] == [150] * 4 + [130] * 2
    assert d1["stiff-leg-deadlift"] == [None] * 4  # SLDL 4x9 @ RPE 8: the lifter's load
    side_plank = [s for s in prescribe(program, (1, 0), slots, "lb") if s.lift == "side-plank"]
    assert [(s.kind.value, s.seconds, s.target_reps) for s in side_plank] == [("timed", 30, None)] * 3
    d2 = day(program, slots, 1, 1)
    # Deadlift 3x3 @ 76% = 304 -> 305, 2x5 @ 65% = 260; light squat 2x5 @ 62% = 186 -> 185.
    assert d2["deadlift"] == [305] * 3 + [260] * 2 and d2["squat"] == [185, 185]


def test_week_5_rpe_top_set_and_back_offs():
    program, slots = start()
    d1 = day(program, slots, 5, 0)
    # Squat 1x3 @ RPE 8: 86.3% of 300 = 258.9 -> 260; 6x5 @ 62% = 185.
    assert d1["squat"] == [260] + [185] * 6
    # Bench 1x3 @ RPE 8: 86.3% of 200 = 172.6 -> 175; 7x5 @ 62% = 124 -> 125.
    assert d1["bench-press"] == [175] + [125] * 7


def test_week_7_bench_single_at_rpe_9_and_week_8_back_offs():
    program, slots = start()
    # 1x1 @ RPE 9: 95.5% of 200 = 191 -> 190; then 5x4 @ 68% = 136 -> 135.
    assert day(program, slots, 7, 0)["bench-press"] == [190] + [135] * 5
    # Week 8 deadlift 1x1 @ RPE 8: 92.2% of 400 = 368.8 -> 370; 3x3 @ 72% = 288 -> 290.
    assert day(program, slots, 8, 1)["deadlift"] == [370] + [290] * 3


def test_meet_week_and_the_end_of_the_program():
    program, slots = start()
    assert program.weeks_per_cycle == 9 and not program.repeats and program.progressions == ()
    assert program.schedule.weeks[0].label.endswith("8 weeks before meet week")
    labels = [program.workout_at(9, d).label for d in range(4)]
    assert labels == ["5 days out", "4 days out", "3 days out", "2 days out"]
    # 5 days out: squat opener, then 3x2 @ 78% = 234 -> 235; bench opener, 3x2 @ 80% = 160.
    d1 = day(program, slots, 9, 0)
    assert d1["squat"] == [None, 235, 235, 235] and d1["bench-press"] == [None, 160, 160, 160]
    # 3 days out: deadlift 1x1 @ 78% = 312 -> 310, 2x2 @ 71% = 284 -> 285.
    assert day(program, slots, 9, 2)["deadlift"] == [310, 285, 285]
    assert next_position(program, (9, 3)) is None


def test_the_8_week_program_is_weeks_5_to_8_and_12_to_16_of_the_16_week_one():
    program, slots = start()
    long = shipped("calgary-barbell-16")
    for week, long_week in zip(range(1, 10), (5, 6, 7, 8, 12, 13, 14, 15, 16), strict=True):
        for d in range(4):
            # The same sets; only the rest differs (each source's table: variations 180 s vs 120-180 s).
            short = prescribe(program, (week, d), slots, "lb")
            assert [s.__class__(**{**s.__dict__, "rest": None}) for s in short] == [
                s.__class__(**{**s.__dict__, "workout": f"week{week}-day{d + 1}", "rest": None})
                for s in prescribe(long, (long_week, d), slots, "lb")
            ], (week, d)
