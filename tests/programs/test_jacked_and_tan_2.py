"""GZCL Jacked & Tan 2.0 against programs-detail.md #10 (lb, nearest 5).

TMs (a weight the lifter can double): squat 270, bench 180, deadlift 360, press 120, front squat 200.
"""

from dataclasses import replace

from engine.programs import (
    Performance,
    SetKind,
    apply_changes,
    apply_progressions,
    initial_slots,
    next_position,
    prescribe,
)
from tests.programs.support import by_exercise, lb, perform, shipped

SQUAT, BENCH, DEADLIFT, PRESS = range(4)
TMS = {"squat.2rm": 270, "bench-press.2rm": 180, "deadlift.2rm": 360, "overhead-press.2rm": 120, "front-squat.2rm": 200}


def start():
    program = shipped("jacked-and-tan-2")
    return program, initial_slots(program, {k: lb(v) for k, v in TMS.items()})


def day(program, week, index, slots, earlier=()):
    return prescribe(program, (week, index), slots, "lb", earlier)


def logged(sets, exercise_id, number, weight, reps=None):
    """The ``number``-th set (1-based) of an exercise, logged at ``weight``."""
    target = [s for s in sets if s.exercise_id == exercise_id][number - 1]
    performed = perform([target])[0]
    return replace(performed, weight=lb(weight), reps=performed.reps if reps is None else reps)


def test_the_training_maxes_are_the_entered_doubles():
    _, slots = start()
    assert {s: slots[s].weight for s in slots} == {
        "squat": lb(270),
        "bench-press": lb(180),
        "deadlift": lb(360),
        "overhead-press": lb(120),
        "front-squat": lb(200),
    }


def test_week_1_squat_day():
    program, slots = start()
    sets = day(program, 1, SQUAT, slots)
    squat = [s for s in sets if s.exercise_id == "squat"]
    # Work up to a 10RM (no weight prescribed), then 3x6 @ 70% of 270 = 189 -> 190, the last 6+.
    assert [(s.kind, s.target_reps, s.weight) for s in squat[:1]] == [(SetKind.RM_FIND, 10, None)]
    assert [(s.weight, s.target_reps, s.is_amrap) for s in squat[1:]] == [
        (lb(190), 6, False), (lb(190), 6, False), (lb(190), 6, True),
    ]
    # Deficit deadlift from the deadlift TM: 4x10 @ 50% of 360 = 180.
    assert by_exercise(sets)["deficit-deadlift"] == [180] * 4
    # T2b: work up to a 15RM, then 3 max-rep sets at that weight; T3: a 20RM, then 3 MRS.
    row = [s for s in sets if s.exercise_id == "pendlay-row"]
    assert [(s.kind, s.target_reps) for s in row] == [(SetKind.RM_FIND, 15)] + [(SetKind.MRS, None)] * 3
    assert [s.target_reps for s in sets if s.exercise_id == "triceps-pushdown"] == [20, None, None, None]


def test_block_1_drop_sets_are_percent_of_the_tm():
    program, slots = start()
    # Bench TM 180, weeks 2-5: 75% 135 x5 x3, 80% 144 -> 145 x4 x3, 82.5% 148.5 -> 150 x3 x3,
    # 85% 153 -> 155 x2 x4.
    expected = {2: [135] * 3, 3: [145] * 3, 4: [150] * 3, 5: [155] * 4}
    for week, weights in expected.items():
        bench = by_exercise(day(program, week, BENCH, slots))["bench-press"]
        assert bench == [None] + weights, week
    # Close-grip bench (bench TM) week 5: 7x2 @ 80% = 144 -> 145; front squat (own TM 200)
    # week 3: 4x6 @ 70% = 140.
    assert by_exercise(day(program, 5, BENCH, slots))["close-grip-bench-press"] == [145] * 7
    assert by_exercise(day(program, 3, DEADLIFT, slots))["front-squat"] == [140] * 4


def test_block_2_drop_sets_follow_the_rep_max_logged_that_session():
    program, slots = start()
    before = [s for s in day(program, 7, SQUAT, slots) if s.exercise_id == "squat"]
    assert [s.weight for s in before] == [None] * 6  # no 6RM logged yet
    # Logged 6RM 255: 5x3 @ 85% = 216.75 -> 215, the last 3+.
    sets = day(program, 7, SQUAT, slots)
    after = [s for s in day(program, 7, SQUAT, slots, [logged(sets, "squat", 1, 255)]) if s.exercise_id == "squat"]
    assert [(s.weight, s.target_reps, s.is_amrap) for s in after[1:]] == [(lb(215), 3, False)] * 4 + [
        (lb(215), 3, True)
    ]
    # Week 10: logged 5RM 250 -> 3x2 @ 90% = 225.
    sets = day(program, 10, DEADLIFT, slots)
    deadlift = by_exercise(day(program, 10, DEADLIFT, slots, [logged(sets, "deadlift", 1, 250)]))["deadlift"]
    assert deadlift == [None, 225, 225, 225]


def test_mrs_sets_repeat_the_rep_max_weight_once_logged():
    program, slots = start()
    sets = day(program, 1, SQUAT, slots)
    row = by_exercise(day(program, 1, SQUAT, slots, [logged(sets, "pendlay-row", 1, 135)]))["pendlay-row"]
    assert row == [None, 135, 135, 135]


def test_rest_weeks_of_each_tier():
    program, slots = start()

    def lifts(week):
        return {s.lift for s in day(program, week, SQUAT, slots)}

    t3 = {"triceps-pushdown", "seated-cable-row", "hammer-curl"}
    assert lifts(6) == {"squat"} | t3  # T1 test, T2a and T2b rest, T3 10RM + 3 MRS
    assert lifts(7) == {"squat", "deficit-deadlift", "pendlay-row"}  # T3 rests
    assert lifts(11) == {"squat", "deficit-deadlift"} | t3  # T2b rests
    assert lifts(12) == {"squat"}
    test = day(program, 6, SQUAT, slots)[0]
    assert (test.kind, test.target_reps, test.tag) == (SetKind.RM_FIND, 1, "test")


def test_the_week_6_test_sets_the_tms_and_moves_the_t2a_loads():
    program, slots = start()
    sets = []
    for index, weight in ((SQUAT, 315), (BENCH, 205), (DEADLIFT, 405)):
        sets.append(logged(day(program, 6, index, slots), program.workout_at(6, index).exercises[0].id, 1, weight))
    # The press test failed (0 reps): its TM holds.
    sets.append(logged(day(program, 6, PRESS, slots), "overhead-press", 1, 140, reps=0))
    changes = apply_progressions(program, "AFTER_WEEK", "w6", "e1", slots, Performance(sets=tuple(sets), week=6))
    after = apply_changes(slots, changes)
    # TM = 90% of the tested 1RM: 283.5, 184.5, 364.5; press stays 120; front squat is not tested.
    assert {s: after[s].weight for s in after} == {
        "squat": lb("283.5"), "bench-press": lb("184.5"), "deadlift": lb("364.5"),
        "overhead-press": lb(120), "front-squat": lb(200),
    }
    # Week 7 deficit deadlift 5x6 @ 70% of 364.5 = 255.15 -> 255 (it was 252 -> 250).
    assert by_exercise(day(program, 7, SQUAT, slots))["deficit-deadlift"] == [250] * 5
    assert by_exercise(day(program, 7, SQUAT, after))["deficit-deadlift"] == [255] * 5
    # Other weeks never run the test rule.
    assert apply_progressions(program, "AFTER_WEEK", "w5", "e1", slots, Performance(sets=tuple(sets), week=5)) == []


def test_twelve_weeks_then_complete():
    program, _ = start()
    assert program.weeks_per_cycle == 12 and not program.repeats
    assert next_position(program, (12, PRESS)) is None


def test_rest_by_tier_from_the_source():
    # The source's rest periods: the T1 rep max 3-5 min, its drop sets 2-3 min; T2a and T2b 2-3 min; T3 30-90 s.
    program, slots = start()
    sets = day(program, 1, SQUAT, slots)
    squat = [(s.kind, s.rest.min, s.rest.max) for s in sets if s.exercise_id == "squat"]
    assert squat == [(SetKind.RM_FIND, 180, 300)] + [(SetKind.WORK, 120, 180)] * 3
    rests = {(s.tag, s.rest.min, s.rest.max) for s in sets if s.exercise_id != "squat"}
    assert rests == {("t2a", 120, 180), ("t2b", 120, 180), ("t3", 30, 90)}
    # Week 6's 1RM test: the T1 exercise's 3-5 minutes.
    assert [(s.rest.min, s.rest.max) for s in day(program, 6, SQUAT, slots) if s.exercise_id == "squat"] == [(180, 300)]
