"""Greg Nuckols High Frequency against programs-detail.md #12 (lb, nearest 5).

1RMs: squat 300, bench 200, deadlift 400, press 135; 6RMs: T-bar row 185, pulldown 150.
"""

from dataclasses import replace

from engine.programs import Performance, SetKind, SlotState, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, kg, lb, perform, shipped

MON, TUE, WED, THU, FRI, SAT = range(6)
MAXES = {
    "squat.1rm": 300, "bench-press.1rm": 200, "deadlift.1rm": 400, "overhead-press.1rm": 135,
    "t-bar-row.6rm": 185, "lat-pulldown.6rm": 150,
}


def start():
    program = shipped("nuckols-high-frequency")
    return program, initial_slots(program, {k: lb(v) for k, v in MAXES.items()})


def main(program, week, day, slots, lift):
    return [s for s in prescribe(program, (week, day), slots, "lb") if s.lift == lift]


def cycle(program, slots, amap=None, other=None, sets_of_six=None):
    """The whole cycle logged as prescribed. ``amap[lift]``: reps of its week-3 AMAP set;
    ``other``: reps of every other set; ``sets_of_six[lift]``: reps of each week-3 back set."""
    amap, sets_of_six = amap or {}, sets_of_six or {}
    performed = []
    for week in range(1, 4):
        for day in range(6):
            for s in perform(prescribe(program, (week, day), slots, "lb"), None, f"w{week}d{day}"):
                if s.is_amrap and s.kind is SetKind.WORK:
                    performed.append(replace(s, reps=amap.get(s.lift, 1)))
                elif s.kind is SetKind.UNTIL_FAILURE:
                    performed += [replace(s, reps=r) for r in sets_of_six.get(s.lift, [6, 4])]
                else:
                    performed.append(replace(s, reps=other) if other is not None else s)
    return Performance(sets=tuple(performed))


def after_cycle(program, slots, performance):
    return apply_changes(slots, apply_progressions(program, "AFTER_CYCLE", "c1", "e1", slots, performance))


def test_week_1_bench_and_squat_every_day():
    program, slots = start()
    days = (MON, TUE, WED, THU, SAT)
    # Bench 200 x 75 / 80 / 70 / 85 / 65% = 150, 160, 140, 170, 130.
    bench = [
        (main(program, 1, d, slots, "bench-press")[0].weight.value, len(main(program, 1, d, slots, "bench-press")))
        for d in days
    ]
    assert bench == [(150, 4), (160, 3), (140, 4), (170, 3), (130, 5)]
    # Squat 300: 225, 240, 210, 255, 195.
    assert [main(program, 1, d, slots, "squat")[0].weight.value for d in days] == [225, 240, 210, 255, 195]
    assert [s.target_reps for s in main(program, 1, MON, slots, "squat")] == [3] * 4
    # Friday: press 85% of 135 = 114.75 -> 115, deadlift 340, 3 singles each.
    friday = by_exercise(prescribe(program, (1, FRI), slots, "lb"))
    assert friday["overhead-press"] == [115] * 3 and friday["deadlift"] == [340] * 3


def test_volume_grows_over_the_three_weeks():
    program, slots = start()

    def scheme(week, day):
        sets = main(program, week, day, slots, "bench-press")
        return len(sets), sets[0].target_reps

    assert [scheme(w, MON) for w in (1, 2, 3)] == [(4, 3), (5, 3), (5, 4)]
    assert [scheme(w, TUE) for w in (1, 2, 3)] == [(3, 2), (4, 2), (4, 3)]
    assert [scheme(w, WED) for w in (1, 2, 3)] == [(4, 4), (5, 4), (5, 5)]
    assert [scheme(w, SAT) for w in (1, 2, 3)] == [(5, 5), (6, 5), (6, 6)]
    assert [scheme(w, THU) for w in (1, 2)] == [(3, 1), (4, 1)]
    # Week 3 Thursday and Friday: one AMAP set at 85%, the only AMAPs of the main lifts.
    amaps = [
        (s.lift, s.weight.value)
        for d in range(6)
        for s in prescribe(program, (3, d), slots, "lb")
        if s.is_amrap and s.kind is SetKind.WORK
    ]
    assert amaps == [("bench-press", 170), ("squat", 255), ("overhead-press", 115), ("deadlift", 340)]


def test_back_work_from_the_6rm():
    program, slots = start()
    # T-bar row 185: 77.5% 143.375 -> 145 x12 x4; 85% 157.25 -> 155 x8 x4; week 3 sets of 6 @ 185.
    rows = [main(program, w, SAT, slots, "t-bar-row") for w in (1, 2, 3)]
    assert [(len(r), r[0].target_reps, r[0].weight.value) for r in rows] == [(4, 12, 145), (4, 8, 155), (1, 6, 185)]
    assert rows[2][0].kind is SetKind.UNTIL_FAILURE and rows[2][0].open_ended
    # Pulldown 150 on Thursday: 116.25 -> 115, 127.5 -> 130, 150.
    assert [main(program, w, THU, slots, "lat-pulldown")[0].weight.value for w in (1, 2, 3)] == [115, 130, 150]


def test_the_amap_table_moves_each_1rm():
    program, slots = start()
    # Bench 8 -> +10 (210); squat 6 -> +5 (305); deadlift 10 -> +15 (415); press 5 -> hold.
    after = after_cycle(
        program, slots, cycle(program, slots, amap={"bench-press": 8, "squat": 6, "deadlift": 10, "overhead-press": 5})
    )
    assert {s: after[s].weight.value for s in ("bench-press", "squat", "deadlift", "overhead-press")} == {
        "bench-press": 210, "squat": 305, "deadlift": 415, "overhead-press": 135,
    }
    # Next cycle Monday bench 75% of 210 = 157.5 -> 160; Thursday 85% = 178.5 -> 180.
    assert main(program, 1, MON, after, "bench-press")[0].weight == lb(160)
    assert main(program, 1, THU, after, "bench-press")[0].weight == lb(180)
    # 7 and 9 reps: the top of their rows (+5, +10).
    again = after_cycle(program, slots, cycle(program, slots, amap={"bench-press": 7, "squat": 9}))
    assert again["bench-press"].weight == lb(205) and again["squat"].weight == lb(310)


def test_only_the_week_3_amap_sets_drive_the_1rm():
    program, slots = start()
    # Every non-AMAP set logged at 12 reps, the AMAPs at 5: nothing moves.
    performance = cycle(
        program, slots, amap={lift: 5 for lift in ("bench-press", "squat", "deadlift", "overhead-press")}, other=12
    )
    assert [
        c for c in apply_progressions(program, "AFTER_CYCLE", "c1", "e1", slots, performance) if c.rule == "amap-max"
    ] == []


def test_each_extra_set_of_six_adds_two_percent_of_the_6rm():
    program, slots = start()
    # T-bar row: 6, 6, 6, 6, then 5 -> 4 sets completed, 3 after the first: 185 x 1.06 = 196.1.
    # Pulldown: 6 then 4 -> only the first: holds at 150.
    performance = cycle(program, slots, sets_of_six={"t-bar-row": [6, 6, 6, 6, 5], "lat-pulldown": [6, 4]})
    after = after_cycle(program, slots, performance)
    assert after["t-bar-row"].weight == lb("196.1") and after["lat-pulldown"].weight == lb(150)
    # Loads round at use: week 1 77.5% of 196.1 = 151.98 -> 150.
    assert main(program, 1, SAT, after, "t-bar-row")[0].weight == lb(150)
    # Additive, not compounded: 6 extra sets -> +12% (1.02^6 would be 208.34).
    six = after_cycle(program, slots, cycle(program, slots, sets_of_six={"t-bar-row": [6] * 7 + [3]}))
    assert six["t-bar-row"].weight == lb("207.2")


def test_kilogram_increments():
    program = shipped("nuckols-high-frequency")
    slots = {s: SlotState(weight=kg(100)) for s in program.slots}
    after = after_cycle(program, slots, cycle(program, slots, amap={"bench-press": 10, "squat": 8, "deadlift": 6}))
    # +7.5, +5, +2.5 kg.
    assert [after[s].weight for s in ("bench-press", "squat", "deadlift")] == [kg("107.5"), kg(105), kg("102.5")]
