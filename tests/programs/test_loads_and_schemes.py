"""Every load strategy and set scheme, through a small program written in the format itself."""

from decimal import Decimal

import pytest

from engine.programs import PerformedSet, SetKind, SlotState, prescribe
from tests.programs.support import by_exercise, kg, lb, program_from_yaml, slots_lb

D = Decimal

PROGRAM = """
schema_version: 1
slug: test-program
name: Load and scheme catalog
inputs:
  squat.1rm: {lift: squat, kind: rep_max, reps: 1}
  bench-press.1rm: {lift: bench-press, kind: rep_max, reps: 1}
  deadlift.1rm: {lift: deadlift, kind: rep_max, reps: 1}
  overhead-press.1rm: {lift: overhead-press, kind: rep_max, reps: 1}
  t-bar-row.6rm: {lift: t-bar-row, kind: rep_max, reps: 6}
  lat-pulldown.work: {lift: lat-pulldown, kind: work_weight, optional: true}
slots:
  squat: {lift: squat, kind: training_max, initial: {from: squat.1rm, percent: 90}}
  squat.max: {lift: squat, kind: one_rep_max, initial: {from: squat.1rm}}
  bench-press: {lift: bench-press, kind: training_max, initial: {from: bench-press.1rm, percent: 90}}
  deadlift: {lift: deadlift, kind: training_max, initial: {from: deadlift.1rm, percent: 90}}
  overhead-press: {lift: overhead-press, kind: training_max, initial: {from: overhead-press.1rm, percent: 90}}
  t-bar-row: {lift: t-bar-row, kind: rep_max, initial: {from: t-bar-row.6rm}}
  lat-pulldown: {lift: lat-pulldown, kind: work_weight, initial: {from: lat-pulldown.work, round: nearest}}
lookups:
  wave:
    weeks:
      - [{reps: 5, percent: 65}, {reps: 5, percent: 75}, {reps: 5, percent: 85, plus: true}]
      - [{reps: 3, percent: 70}, {reps: 3, percent: 80}, {reps: 3, percent: 90, plus: true}]
workouts:
  percent:
    exercises:
      - {lift: squat, sets: {lookup: wave}}
      - {id: sumo, lift: sumo-deadlift, load: {type: slot, of: deadlift},
         sets: [{reps: 5, percent: 50}, {reps: 5, percent: 60}, {sets: 6, reps: 3, percent: 70}]}
      - {id: smolov, lift: squat, slot: squat.max, load: {type: slot, add: {lb: 10, kg: 5}},
         sets: [{sets: 6, reps: 6, percent: 70}]}
      - {lift: overhead-press, sets: [{reps: 5, percent: 40}], weeks: [2]}
  session:
    exercises:
      - {id: squat-rm, lift: squat, sets: [{kind: rm_find, reps: 6}]}
      - {id: drop, lift: squat, sets: [{sets: 5, reps: 3}], load: {type: logged, exercise: squat-rm, percent: 85}}
      - {id: vdip, lift: squat, sets: [{sets: 3, kind: mrs, percent: 85}]}
      - {id: mrs, lift: squat, sets: [{reps: 3, percent: 85}, {sets: 2, kind: mrs}]}
  rpe:
    exercises:
      - {id: top, lift: squat, slot: squat.max, load: {type: rpe}, sets: [{reps: 5, rpe: 8, tag: top}]}
      - {id: fatigue, lift: squat, slot: squat.max, load: {type: logged, exercise: top, percent: 95},
         sets: [{kind: fatigue, reps: 5, stop_rpe: 8}]}
      - {id: ceil, lift: squat, slot: squat.max, load: {type: rpe, round: ceil}, sets: [{reps: 3, rpe: 8}]}
      - {lift: close-grip-bench-press, load: {type: rep_target, of: bench-press, formula: cap3},
         sets: [{reps: 12, plus: true}]}
  open:
    exercises:
      - {lift: chin-up, load: {type: bodyweight}, sets: [{kind: total_reps, reps: 100}]}
      - {lift: t-bar-row, sets: [{kind: until_failure, reps: 6}]}
      - {lift: side-plank, load: {type: bodyweight}, sets: [{sets: 3, kind: timed, seconds: 30}]}
      - {lift: lat-pulldown, sets: [{sets: 3, reps: 8, reps_max: 12}], superset: a}
      - {lift: face-pull, load: {type: user}, sets: [{sets: 5, reps: 15, reps_max: 20}], superset: a}
      - {lift: overhead-press, sets: [{sets: 2, reps: 5, percent: 10, warmup: true}, {reps: 5, percent: 65}]}
  friday:
    exercises:
      - {lift: squat, sets: [{reps: 5}], load: {type: slot, round: floor}}
  wednesday:
    exercises:
      - {lift: squat, load: {type: workout, workout: friday, exercise: squat, percent: 72}, sets: [{sets: 2, reps: 5}]}
schedule:
  weeks:
    - {days: [percent, session, rpe, open, wednesday]}
    - {days: [percent, session, rpe, open, wednesday]}
  after_cycle: end
"""

PERCENT, SESSION, RPE, OPEN, WEDNESDAY = range(5)


@pytest.fixture
def program(tmp_path):
    return program_from_yaml(tmp_path, PROGRAM)


def slots(**extra):
    base = {
        "squat": 270,
        "squat__max": 300,
        "bench-press": 180,
        "deadlift": 360,
        "overhead-press": "121.5",
        "t-bar-row": 185,
    }
    state = slots_lb(**{**base, **extra})
    state["lat-pulldown"] = SlotState(weight=lb(100))
    return state


def test_percent_of_the_lifts_own_slot_picked_by_week_from_a_lookup(program):
    assert by_exercise(prescribe(program, (1, PERCENT), slots(), "lb"))["squat"] == [175, 205, 230]
    assert by_exercise(prescribe(program, (2, PERCENT), slots(), "lb"))["squat"] == [190, 215, 245]


def test_percent_of_another_lifts_tm_nsuns_sumo(program):
    # nSuns Tuesday: sumo deadlift from the deadlift TM 360: 180, 216 -> 215, 252 -> 250.
    assert by_exercise(prescribe(program, (1, PERCENT), slots(), "lb"))["sumo"] == [180, 215] + [250] * 6


def test_percent_plus_an_amount_smolov(program):
    # 70% of 300 + 10 = 220.
    assert by_exercise(prescribe(program, (1, PERCENT), slots(), "lb"))["smolov"] == [220] * 6


def test_an_exercise_only_in_some_weeks(program):
    assert "overhead-press" not in by_exercise(prescribe(program, (1, PERCENT), slots(), "lb"))
    assert by_exercise(prescribe(program, (2, PERCENT), slots(), "lb"))["overhead-press"] == [
        50
    ]  # 40% of 121.5 = 48.6 -> 50


def test_percent_of_another_workouts_load(program):
    # 72% of Friday's floored squat (270 -> 270): 194.4 -> 195.
    assert by_exercise(prescribe(program, (1, WEDNESDAY), slots(), "lb"))["squat"] == [195, 195]


def logged_set(set_index, weight, reps, lift="squat"):
    return PerformedSet(
        lift=lift, slot=lift, set_index=set_index, target_reps=None, is_amrap=False, weight=weight, reps=reps
    )


def test_percent_of_a_set_logged_earlier_in_the_session_jt2(program):
    before = prescribe(program, (1, SESSION), slots(), "lb")
    assert by_exercise(before)["squat-rm"] == [None] and by_exercise(before)["drop"] == [None] * 5
    assert before[0].kind is SetKind.RM_FIND and before[0].target_reps == 6
    after = prescribe(program, (1, SESSION), slots(), "lb", earlier_sets=[logged_set(0, lb(255), 6)])
    # J&T week 7: 85% of today's 6RM 255 = 216.75 -> 215.
    assert by_exercise(after)["drop"] == [215] * 5


def test_logged_weights_in_another_unit_are_converted(program):
    after = prescribe(program, (1, SESSION), slots(), "lb", earlier_sets=[logged_set(0, kg(100), 6)])
    assert by_exercise(after)["drop"] == [185] * 5  # 187.39 lb -> 185


def test_max_rep_sets(program):
    sets = prescribe(program, (1, SESSION), slots(), "lb")
    vdip = [s for s in sets if s.exercise_id == "vdip"]
    assert [(s.weight.value, s.target_reps, s.is_amrap) for s in vdip] == [(230, None, True)] * 3  # 229.5 -> 230
    # An MRS without its own load repeats the set before it.
    assert by_exercise(sets)["mrs"] == [230, 230, 230]


def test_rpe_chart_loads_and_load_drop(program):
    sets = prescribe(program, (1, RPE), slots(), "lb")
    loads = by_exercise(sets)
    assert loads["top"] == [245]  # 5 @ RPE 8 = 81.1% of 300 = 243.3 -> 245
    assert sets[0].percent == D("81.1") and sets[0].rpe == 8
    assert loads["fatigue"] == [235]  # 95% of the prescribed 245 = 232.75 -> 235
    assert loads["ceil"] == [260]  # 3 @ 8 = 86.3% -> 258.9, ceil -> 260
    fatigue = [s for s in sets if s.exercise_id == "fatigue"][0]
    assert fatigue.open_ended and fatigue.stop_rpe == 8
    logged = prescribe(program, (1, RPE), slots(), "lb", earlier_sets=[logged_set(0, lb(250), 5)])
    assert by_exercise(logged)["fatigue"] == [240]  # 237.5 -> 240, halves up


def test_rep_target_formula_cap3(program):
    # 180 / (0.995 + 0.0333 x 12) = 129.1 -> 130.
    sets = prescribe(program, (1, RPE), slots(), "lb")
    cgbp = [s for s in sets if s.lift == "close-grip-bench-press"][0]
    assert cgbp.weight == lb(130) and cgbp.is_amrap and cgbp.min_reps == 12


def test_open_ended_timed_range_and_warmup_sets(program):
    sets = prescribe(program, (1, OPEN), slots(), "lb")
    chins = [s for s in sets if s.lift == "chin-up"]
    assert [(s.kind, s.target_reps, s.weight, s.open_ended) for s in chins] == [(SetKind.TOTAL_REPS, 100, None, True)]
    row = [s for s in sets if s.lift == "t-bar-row"][0]
    assert (row.kind, row.target_reps, row.weight, row.open_ended) == (SetKind.UNTIL_FAILURE, 6, lb(185), True)
    planks = [s for s in sets if s.lift == "side-plank"]
    assert [(s.seconds, s.target_reps) for s in planks] == [(30, None)] * 3
    pulldown = [s for s in sets if s.lift == "lat-pulldown"]
    assert [(s.target_reps, s.reps_max, s.weight.value, s.superset) for s in pulldown] == [(8, 12, 100, "a")] * 3
    assert [s.weight for s in sets if s.lift == "face-pull"] == [None] * 5
    press = [s for s in sets if s.lift == "overhead-press"]
    assert [(s.warmup, s.weight.value) for s in press] == [(True, 45), (True, 45), (False, 80)]  # bar floor


def test_set_indexes_run_across_the_whole_workout(program):
    sets = prescribe(program, (1, OPEN), slots(), "lb")
    assert [s.set_index for s in sets] == list(range(len(sets)))
    assert sorted({s.exercise_index for s in sets}) == list(range(6))


def test_prescribing_in_kilograms_converts_exactly_then_rounds(program):
    sets = by_exercise(prescribe(program, (1, PERCENT), slots(), "kg"))
    # 65% of 270 lb = 175.5 lb = 79.6 kg -> 80; 75% = 202.5 lb = 91.85 kg -> 92.5; 85% = 229.5 lb = 104.1 -> 105.
    assert sets["squat"] == [80, D("92.5"), 105]


def test_a_kilogram_slot_for_a_pound_lifter(program):
    state = {**slots(), "squat": SlotState(weight=kg(150))}
    # 65% of 150 kg = 97.5 kg = 214.95 lb -> 215.
    assert by_exercise(prescribe(program, (1, PERCENT), state, "lb"))["squat"][0] == 215


def test_an_empty_slot_leaves_the_weight_to_the_lifter(program):
    state = {**slots(), "lat-pulldown": SlotState()}
    pulldown = [s for s in prescribe(program, (1, OPEN), state, "lb") if s.lift == "lat-pulldown"]
    assert {s.weight for s in pulldown} == {None} and "choice" in pulldown[0].basis


def test_prescribed_sets_explain_their_load(program):
    sets = prescribe(program, (1, PERCENT), slots(), "lb")
    assert sets[0].basis == "65% of squat (training max)" and sets[0].exact_weight == lb("175.5")
    assert sets[0].percent == 65 and sets[0].workout == "percent"


def test_positions_outside_the_schedule_are_refused(program):
    with pytest.raises(ValueError):
        prescribe(program, (3, 0), slots(), "lb")
    with pytest.raises(ValueError):
        prescribe(program, (1, 5), slots(), "lb")
