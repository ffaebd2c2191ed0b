"""nSuns 5/3/1 LP 5-day against programs-detail.md #6 (lb, nearest 5 unless stated).

1RMs: bench 200, squat 300, deadlift 400, press 135 -> TMs (90%) 180, 270, 360, 121.5.
"""

from decimal import Decimal

from engine.programs import Performance, SlotState, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, kg, lb, perform, shipped, slots_lb

D = Decimal
MON, TUE, WED, THU, FRI = range(5)


def program_and_tms(bench=180, squat=270, deadlift=360, press="121.5"):
    return shipped("nsuns-531-lp-5day"), slots_lb(
        squat=squat, **{"bench-press": bench, "deadlift": deadlift, "overhead-press": press}
    )


def week(program, slots, one_plus=None, other_amraps=None, unit="lb"):
    """Every day of the week logged; the 95% 1+ sets get ``one_plus[lift]`` reps, the other
    AMRAP sets ``other_amraps`` (default: their minimum)."""
    one_plus = one_plus or {}

    def reps(p):
        if p.tag == "top":
            return one_plus.get(p.lift, p.target_reps)
        if p.is_amrap and other_amraps is not None:
            return other_amraps
        return p.target_reps

    sets = []
    for day in range(program.days_in_week(1)):
        sets += perform(prescribe(program, (1, day), slots, unit), reps, f"day-{day}")
    return Performance(sets=tuple(sets), week=1)


def progress(program, slots, performance):
    return apply_changes(slots, apply_progressions(program, "AFTER_WEEK", "week-1", "e1", slots, performance))


def test_training_maxes_are_90_percent_of_the_1rm_and_stay_exact():
    program = shipped("nsuns-531-lp-5day")
    maxes = {"bench-press.1rm": 200, "squat.1rm": 300, "deadlift.1rm": 400, "overhead-press.1rm": 135}
    slots = initial_slots(program, {k: lb(v) for k, v in maxes.items()})
    assert {s: slots[s].weight for s in slots} == {
        "bench-press": lb(180), "squat": lb(270), "deadlift": lb(360), "overhead-press": lb("121.5"),
    }


def test_monday_volume_bench_and_press_t2():
    program, slots = program_and_tms()
    monday = prescribe(program, (1, MON), slots, "lb")
    day = by_exercise(monday)
    # Bench TM 180: 65% 117 -> 115 x8, 75% 135 x6, 85% 153 -> 155 x4 x3, 80% 144 -> 145 x5,
    # 75% 135 x6, 70% 126 -> 125 x7, 65% 115 x8+.
    assert day["bench-press"] == [115, 135, 155, 155, 155, 145, 135, 125, 115]
    bench = [s for s in monday if s.exercise_id == "bench-press"]
    assert [s.target_reps for s in bench] == [8, 6, 4, 4, 4, 5, 6, 7, 8]
    assert [s.is_amrap for s in bench] == [False] * 8 + [True]
    assert not any(s.tag == "top" for s in bench)  # the volume bench has no 1+ set
    # Press T2 from the press TM 121.5: 50% 60.75 -> 60 x6, 60% 72.9 -> 75 x5, 70% 85.05 -> 85
    # for the other six sets (3, 5, 7, 4, 6, 8 reps).
    assert day["overhead-press"] == [60, 75] + [85] * 6
    assert [s.target_reps for s in monday if s.exercise_id == "overhead-press"] == [6, 5, 3, 5, 7, 4, 6, 8]


def test_t2_lifts_load_from_their_base_lift_tm():
    program, slots = program_and_tms()
    days = [by_exercise(prescribe(program, (1, d), slots, "lb")) for d in range(5)]
    # Sumo from the deadlift TM 360: 50% 180, 60% 216 -> 215, 70% 252 -> 250.
    assert days[TUE]["sumo-deadlift"] == [180, 215] + [250] * 6
    # Incline and close-grip from the bench TM 180: 40% 72 -> 70, 50% 90, 60% 108 -> 110.
    assert days[WED]["incline-bench-press"] == [70, 90] + [110] * 6
    assert days[FRI]["close-grip-bench-press"] == [70, 90] + [110] * 6
    # Front squat from the squat TM 270: 35% 94.5 -> 95, 45% 121.5 -> 120, 55% 148.5 -> 150.
    assert days[THU]["front-squat"] == [95, 120] + [150] * 6


def test_t1_days_with_the_95_percent_one_plus_set():
    program, slots = program_and_tms()
    tuesday = prescribe(program, (1, TUE), slots, "lb")
    # Squat TM 270: 75% 202.5 -> 205, 85% 229.5 -> 230, 95% 256.5 -> 255 (1+), 90% 243 -> 245,
    # 85% 230, 80% 216 -> 215, 75% 205, 70% 189 -> 190, 65% 175.5 -> 175 (5+).
    assert by_exercise(tuesday)["squat"] == [205, 230, 255, 245, 230, 215, 205, 190, 175]
    top = [s for s in tuesday if s.tag == "top"]
    assert [(s.lift, s.weight, s.target_reps, s.is_amrap) for s in top] == [("squat", lb(255), 1, True)]
    # Deadlift TM 360: 270, 306 -> 305, 342 -> 340 (1+), 324 -> 325, 305, 288 -> 290, 270, 252 -> 250,
    # 234 -> 235 (3+); triples after the 1+ set.
    thursday = prescribe(program, (1, THU), slots, "lb")
    assert by_exercise(thursday)["deadlift"] == [270, 305, 340, 325, 305, 290, 270, 250, 235]
    assert [s.target_reps for s in thursday if s.exercise_id == "deadlift"] == [5, 3, 1, 3, 3, 3, 3, 3, 3]
    # Friday heavy bench: 135, 153 -> 155, 171 -> 170 (1+), 162 -> 160, 155, 145, 135, 125, 115.
    friday = by_exercise(prescribe(program, (1, FRI), slots, "lb"))
    assert friday["bench-press"] == [135, 155, 170, 160, 155, 145, 135, 125, 115]


def test_each_row_of_the_increment_table():
    program, slots = program_and_tms()
    # 1+ reps: bench 4 (4-5: +10), squat 6 (6+: +15), press 1 (0-1: hold), deadlift 2 (2-3: +5).
    # The same table for every lift (programs.md): 0, 1, 2 or 3 steps of 5 lb.
    after = progress(
        program, slots, week(program, slots, {"bench-press": 4, "squat": 6, "overhead-press": 1, "deadlift": 2})
    )
    assert {s: after[s].weight.value for s in after} == {
        "bench-press": 190, "squat": 285, "overhead-press": D("121.5"), "deadlift": 365,
    }
    # Next week: bench 7 (6+: +15), squat 3 (2-3: +5), press 5 (4-5: +10), deadlift 5 (4-5: +10).
    again = progress(
        program, after, week(program, after, {"bench-press": 7, "squat": 3, "overhead-press": 5, "deadlift": 5})
    )
    assert {s: again[s].weight.value for s in again} == {
        "bench-press": 205, "squat": 290, "overhead-press": D("131.5"), "deadlift": 375,
    }
    # Bench 0 reps holds.
    held = progress(program, again, week(program, again, {"bench-press": 0}))
    assert held["bench-press"].weight == lb(205)


def test_only_the_95_percent_set_drives_progression():
    program, slots = program_and_tms()
    # Every other AMRAP (the 65% sets, Monday's 8+) at 15 reps; the 1+ sets at 1 rep: no change.
    after = progress(program, slots, week(program, slots, {lift: 1 for lift in slots}, other_amraps=15))
    assert after == slots


def test_the_new_bench_tm_moves_monday_and_the_bench_t2s():
    program, slots = program_and_tms()
    after = progress(program, slots, week(program, slots, {"bench-press": 2}))
    assert after["bench-press"].weight == lb(185)
    # TM 185: 65% 120.25 -> 120, 75% 138.75 -> 140, 85% 157.25 -> 155, 80% 148 -> 150,
    # 70% 129.5 -> 130.
    assert by_exercise(prescribe(program, (1, MON), after, "lb"))["bench-press"] == [
        120,
        140,
        155,
        155,
        155,
        150,
        140,
        130,
        120,
    ]
    # Incline: 40% 74 -> 75, 50% 92.5 -> 95, 60% 111 -> 110.
    assert by_exercise(prescribe(program, (1, WED), after, "lb"))["incline-bench-press"] == [75, 95] + [110] * 6


def test_kilogram_increments():
    program = shipped("nsuns-531-lp-5day")
    tms = {"squat": kg(120), "bench-press": kg(80), "deadlift": kg(160), "overhead-press": kg(55)}
    slots = {k: SlotState(weight=v) for k, v in tms.items()}
    performance = week(program, slots, {"squat": 6, "bench-press": 6, "deadlift": 4, "overhead-press": 2}, unit="kg")
    after = progress(program, slots, performance)
    # Squat 6+: +7.5 kg; bench 6+: +7.5 kg; deadlift 4-5: +5 kg; press 2-3: +2.5 kg.
    assert {s: after[s].weight for s in after} == {
        "squat": kg("127.5"), "bench-press": kg("87.5"), "deadlift": kg(165), "overhead-press": kg("57.5"),
    }


def test_an_untrained_week_changes_nothing():
    program, slots = program_and_tms()
    assert apply_progressions(program, "AFTER_WEEK", "w", "e1", slots, Performance(week=1)) == []
