"""GZCL VDIP against programs-detail.md #11 (lb, nearest 5).

TMs (daily 2RMs): squat 270, front squat 200, bench 180, deadlift 360, press 120,
stiff-leg deadlift 240, Spoto press 160, push press 150; lunge 10RM 60.
"""

from engine.programs import Performance, SetKind, SlotState, apply_changes, apply_progressions, initial_slots, prescribe
from tests.programs.support import by_exercise, kg, lb, perform, shipped

DAY1, DAY2, DAY3, DAY4, DAY5 = range(5)
TMS = {
    "squat.2rm": 270, "front-squat.2rm": 200, "bench-press.2rm": 180, "deadlift.2rm": 360,
    "overhead-press.2rm": 120, "stiff-leg-deadlift.2rm": 240, "spoto-press.2rm": 160, "push-press.2rm": 150,
}


def start(**extra):
    program = shipped("gzcl-vdip")
    return program, initial_slots(program, {k: lb(v) for k, v in {**TMS, **extra}.items()})


def session(program, index, slots, reps_by_lift, unit="lb"):
    """Log one day: ``reps_by_lift[lift]`` is the list of reps of its max-rep sets."""
    sets = prescribe(program, (1, index), slots, unit)
    counters: dict[str, int] = {}

    def reps(p):
        n = counters.get(p.exercise_id, 0)
        counters[p.exercise_id] = n + 1
        return reps_by_lift.get(p.exercise_id, [0] * 4)[n]

    performed = perform(sets, reps, f"day-{index}")
    changes = apply_progressions(
        program, "AFTER_SESSION", f"day-{index}", "e1", slots, Performance(sets=tuple(performed))
    )
    return apply_changes(slots, changes)


def test_starting_weights():
    _, slots = start(**{"lunge.10rm": 60})
    # T1 85%: squat 229.5 -> 230, front squat 170, bench 153 -> 155, deadlift 306 -> 305, press 102 -> 100.
    # T2 65%: SLDL 156 -> 155, Spoto 104 -> 105, front squat 130, push press 97.5 -> 100, squat 175.5 -> 175.
    weights = {s: slots[s].weight for s in slots if slots[s].weight is not None}
    assert weights == {
        "squat.t1": lb(230), "front-squat.t1": lb(170), "bench-press.t1": lb(155), "deadlift.t1": lb(305),
        "overhead-press.t1": lb(100), "stiff-leg-deadlift.t2": lb(155), "spoto-press.t2": lb(105),
        "front-squat.t2": lb(130), "push-press.t2": lb(100), "squat.t2": lb(175), "lunge.t3": lb(60),
    }
    assert slots["pull-up.t3"].weight is None  # no 10RM entered: the lifter chooses


def test_day_1_and_day_5_every_set_a_max_rep_set():
    program, slots = start(**{"lunge.10rm": 60})
    sets = prescribe(program, (1, DAY1), slots, "lb")
    assert by_exercise(sets) == {
        "squat": [230] * 3,
        "stiff-leg-deadlift": [155] * 3,
        "lunge": [60] * 4,
        "pull-up": [None] * 4,
    }
    assert all(s.kind is SetKind.MRS and s.is_amrap and s.target_reps is None for s in sets)
    # Day 5: front squat is T1 (170), back squat T2 (175): not the day-3 front squat or day-1 squat weights.
    day5 = by_exercise(prescribe(program, (1, DAY5), slots, "lb"))
    assert day5["front-squat"] == [170] * 3 and day5["squat"] == [175] * 3
    assert by_exercise(prescribe(program, (1, DAY3), slots, "lb"))["front-squat"] == [130] * 3


def test_worked_example_squat_15_and_sldl_30():
    program, slots = start()
    # Squat 6 + 5 + 4 = 15 -> +10: 240. SLDL 11 + 10 + 9 = 30 -> +10: 165.
    after = session(program, DAY1, slots, {"squat": [6, 5, 4], "stiff-leg-deadlift": [11, 10, 9]})
    assert after["squat.t1"].weight == lb(240) and after["stiff-leg-deadlift.t2"].weight == lb(165)
    assert after["squat.t2"].weight == lb(175)  # the day-5 squat is another weight
    assert by_exercise(prescribe(program, (1, DAY1), after, "lb"))["squat"] == [240] * 3


def test_t1_table():
    program, slots = start()
    results = {}
    for total, reps in ((15, [5, 5, 5]), (14, [5, 5, 4]), (10, [4, 3, 3]), (9, [3, 3, 3])):
        results[total] = session(program, DAY2, slots, {"bench-press": reps})["bench-press.t1"].weight
    # Bench T1 155: 15 -> +10, 10-14 -> +5, 9 -> hold.
    assert results == {15: lb(165), 14: lb(160), 10: lb(160), 9: lb(155)}


def test_t2_table():
    program, slots = start()
    results = {}
    for total, reps in ((30, [10, 10, 10]), (29, [10, 10, 9]), (25, [9, 8, 8]), (24, [8, 8, 8])):
        results[total] = session(program, DAY4, slots, {"push-press": reps})["push-press.t2"].weight
    # Push press T2 100: 30 -> +10, 25-29 -> +5, 24 -> hold.
    assert results == {30: lb(110), 29: lb(105), 25: lb(105), 24: lb(100)}


def test_t3_table_and_an_unentered_t3():
    program, slots = start(**{"lunge.10rm": 60})
    # Lunge 4 MRS: 13 + 13 + 12 + 12 = 50 -> +5; 49 holds. Pull-ups have no weight: nothing moves.
    after = session(program, DAY1, slots, {"lunge": [13, 13, 12, 12], "pull-up": [20, 20, 20, 20]})
    assert after["lunge.t3"].weight == lb(65) and after["pull-up.t3"].weight is None
    held = session(program, DAY1, slots, {"lunge": [13, 12, 12, 12]})
    assert held["lunge.t3"].weight == lb(60)


def test_kilogram_increments():
    program = shipped("gzcl-vdip")
    slots = {s: SlotState() for s in program.slots}
    slots.update({"deadlift.t1": SlotState(weight=kg(140)), "front-squat.t2": SlotState(weight=kg(60))})
    # Deadlift 12 -> +2.5 kg; front squat T2 31 -> +5 kg.
    after = session(program, DAY3, slots, {"deadlift": [4, 4, 4], "front-squat": [11, 10, 10]}, unit="kg")
    assert after["deadlift.t1"].weight == kg("142.5") and after["front-squat.t2"].weight == kg(65)


def test_rest_by_tier_from_the_compendium():
    # The compendium's rest periods: T1 3-5 min, T2 2-3 min, T3 60-90 s, after every set of the tier.
    program, slots = start(**{"lunge.10rm": 60})
    rests = {(s.tag, s.rest.min, s.rest.max) for s in prescribe(program, (1, DAY1), slots, "lb")}
    assert rests == {("t1", 180, 300), ("t2", 120, 180), ("t3", 60, 90)}
