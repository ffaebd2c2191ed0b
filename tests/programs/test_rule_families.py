"""Each progression rule family, through a program that uses them all (worked numbers from
programs-detail.md: nSuns, Nuckols, VDIP, PPL, Inverted Juggernaut, CAP3, RTS, J&T 2.0)."""

from decimal import Decimal

import pytest

from engine.programs import Performance, PerformedSet, SlotState, apply_changes, apply_progressions
from tests.programs.support import lb, program_from_yaml

D = Decimal

PROGRAM = """
schema_version: 1
slug: test-program
name: Rule catalog
inputs:
  tm: {lift: squat, kind: rep_max, reps: 1}
slots:
  squat: {lift: squat, kind: training_max, initial: {from: tm, percent: 90}}
  bench-press: {lift: bench-press, kind: training_max, initial: {from: tm}}
  bench-press.d1: {lift: bench-press, kind: work_weight, initial: {from: tm}}
  squat.t1: {lift: squat, kind: work_weight, initial: {from: tm}}
  stiff-leg-deadlift.t2: {lift: stiff-leg-deadlift, kind: work_weight, initial: {from: tm}}
  t-bar-row: {lift: t-bar-row, kind: rep_max, initial: {from: tm}}
  lat-pulldown: {lift: lat-pulldown, kind: work_weight, initial: {from: tm}}
  deadlift: {lift: deadlift, kind: training_max, initial: {from: tm}}
  squat.max: {lift: squat, kind: one_rep_max, initial: {from: tm}}
  overhead-press: {lift: overhead-press, kind: work_weight, initial: {from: tm}}
workouts:
  day:
    exercises:
      - {lift: squat, sets: [{reps: 1, percent: 95, plus: true, tag: top}]}
      - {lift: bench-press, sets: [{reps: 1, percent: 95, plus: true, tag: top}]}
      - {lift: bench-press, slot: bench-press.d1, sets: [{sets: 2, reps: 8}, {reps: 8, plus: true}]}
      - {lift: squat, slot: squat.t1, sets: [{sets: 3, kind: mrs}]}
      - {lift: stiff-leg-deadlift, slot: stiff-leg-deadlift.t2, sets: [{sets: 3, kind: mrs}]}
      - {lift: t-bar-row, sets: [{kind: until_failure, reps: 6}]}
      - {lift: lat-pulldown, sets: [{sets: 3, reps: 8, reps_max: 12}]}
      - {lift: deadlift, sets: [{reps: 2, percent: 88.5, plus: true, tag: top}]}
      - {lift: squat, slot: squat.max, load: {type: rpe},
         sets: [{reps: 3, rpe: 8, tag: top}, {reps: 1, rpe: 10, tag: test}]}
      - {lift: overhead-press, sets: [{sets: 5, reps: 5}]}
schedule:
  weeks_per_cycle: 4
  every_week: [day]
  after_cycle: repeat
progressions:
  - id: nsuns
    type: rep_table
    trigger: AFTER_WEEK
    slots: [squat, bench-press]
    driver: {tag: top}
    measure: amrap_reps
    rows:
      - {min: 6, change: {add: {lower: {lb: 15, kg: 7.5}, upper: {lb: 10, kg: 5}}}}
      - {min: 4, max: 5, change: {add: {lower: {lb: 10, kg: 5}, upper: {lb: 5, kg: 2.5}}}}
      - {min: 2, max: 3, change: {add: {lb: 5, kg: 2.5}}}
      - {min: 0, max: 1}
  - id: nuckols-bench
    type: rep_table
    trigger: AFTER_WEEK
    slots: [bench-press.d1]
    measure: amrap_reps_over_target
    rows:
      - {min: 5, change: {add: {lb: 15, kg: 7.5}}}
      - {min: 3, change: {add: {lb: 10, kg: 5}}}
      - {min: 1, change: {add: {lb: 5, kg: 2.5}}}
  - id: vdip-t1
    type: rep_table
    trigger: AFTER_SESSION
    slots: [squat.t1]
    measure: total_reps
    rows:
      - {min: 15, change: {add: {lb: 10, kg: 5}}}
      - {min: 10, change: {add: {lb: 5, kg: 2.5}}}
  - id: vdip-t2
    type: rep_table
    trigger: AFTER_SESSION
    slots: [stiff-leg-deadlift.t2]
    measure: total_reps
    rows:
      - {min: 30, change: {add: {lb: 10, kg: 5}}}
      - {min: 25, change: {add: {lb: 5, kg: 2.5}}}
  - id: extra-sets
    type: rep_table
    trigger: AFTER_CYCLE
    slots: [t-bar-row]
    measure: completed_sets
    rows:
      - {min: 5, change: {percent: 108}}
      - {min: 4, max: 4, change: {percent: 106}}
      - {min: 3, max: 3, change: {percent: 104}}
      - {min: 2, max: 2, change: {percent: 102}}
  - id: accessories
    type: double_progression
    trigger: AFTER_SESSION
    slots: [lat-pulldown]
    change: {add: {lb: 5, kg: 2.5}}
  - id: juggernaut
    type: rep_standard
    trigger: AFTER_WEEK
    slots: [squat.max]
    standards: [0, 0, 10, 0]
    step: {lower: {lb: 5, kg: 2.5}, upper: {lb: 2.5, kg: 1.25}}
  - id: cap3
    type: e1rm
    trigger: AFTER_SESSION
    slots: [deadlift]
    driver: {tag: top}
    formula: epley_0333
    tm_percent: 90
    round_max: ceil
    on_no_record: {add: {lb: 5, kg: 2.5}}
    on_failure: {percent: 90}
  - id: rts
    type: e1rm
    trigger: AFTER_SET
    slots: [squat.max]
    driver: {tag: top}
    formula: rpe_chart
    update: always
  - id: test-day
    type: max_test
    trigger: AFTER_CYCLE
    slots: [squat.max]
    driver: {tag: test}
  - id: ppl-deload
    type: deload
    trigger: AFTER_SESSION
    slots: [overhead-press]
    after_failures: 3
    change: {percent: 90, round: nearest}
"""


@pytest.fixture(scope="module")
def program(tmp_path_factory):
    return program_from_yaml(tmp_path_factory.mktemp("rules"), PROGRAM)


def done(slot, reps, weight=None, target=None, amrap=False, tag=None, rpe=None, reps_max=None):
    return PerformedSet(
        lift=slot.split(".")[0], slot=slot, set_index=0, target_reps=target, is_amrap=amrap,
        weight=None if weight is None else lb(weight), reps=reps, tag=tag, rpe=None if rpe is None else D(str(rpe)),
        reps_max=reps_max,
    )


def run(program, trigger, slot, start, sets, event="event-1", week=None, state=None):
    slots = {slot: state or SlotState(weight=lb(start))}
    changes = apply_progressions(
        program, trigger, event, "e1", slots, Performance(sets=tuple(sets), week=week, session_id="s1")
    )
    return apply_changes(slots, changes)[slot], changes


def test_nsuns_1plus_set_table(program):
    # Friday bench 1+ = 4 reps -> +5 (upper); squat 1+ = 6 -> +15 (lower).
    assert run(program, "AFTER_WEEK", "bench-press", 180, [done("bench-press", 4, 170, 1, True, "top")])[
        0
    ].weight == lb(185)
    assert run(program, "AFTER_WEEK", "squat", 270, [done("squat", 6, 255, 1, True, "top")])[0].weight == lb(285)
    assert run(program, "AFTER_WEEK", "squat", 270, [done("squat", 2, 255, 1, True, "top")])[0].weight == lb(275)
    assert run(program, "AFTER_WEEK", "squat", 270, [done("squat", 1, 255, 1, True, "top")])[1] == []


def test_nuckols_beginner_bench_relative_to_the_amap_target(program):
    amap = lambda reps, target=8: [done("bench-press.d1", reps, 140, target, True)]  # noqa: E731
    assert run(program, "AFTER_WEEK", "bench-press.d1", 140, amap(11))[0].weight == lb(150)  # +3 -> +10
    assert run(program, "AFTER_WEEK", "bench-press.d1", 150, amap(6, 6))[1] == []  # +0: hold
    assert run(program, "AFTER_WEEK", "bench-press.d1", 160, amap(6, 4))[0].weight == lb(165)  # +2 -> +5
    assert run(program, "AFTER_WEEK", "bench-press.d1", 160, amap(13))[0].weight == lb(175)  # +5 -> +15


def test_vdip_total_reps(program):
    t1 = [done("squat.t1", r, 230, None, True) for r in (6, 5, 4)]
    assert run(program, "AFTER_SESSION", "squat.t1", 230, t1)[0].weight == lb(240)
    t2 = [done("stiff-leg-deadlift.t2", r, 155, None, True) for r in (11, 10, 9)]
    assert run(program, "AFTER_SESSION", "stiff-leg-deadlift.t2", 155, t2)[0].weight == lb(165)
    short = [done("squat.t1", r, 230, None, True) for r in (3, 3, 3)]
    assert run(program, "AFTER_SESSION", "squat.t1", 230, short)[1] == []


def test_nuckols_high_frequency_percent_per_extra_set_of_six(program):
    sets = [done("t-bar-row", r, 185, 6) for r in (6, 6, 6, 6, 4)]  # 3 extra sets of 6
    assert run(program, "AFTER_CYCLE", "t-bar-row", 185, sets)[0].weight == lb("196.1")  # kept exact


def test_double_progression_ppl_lat_pulldown(program):
    sets = lambda *reps: [done("lat-pulldown", r, 100, 8, reps_max=12) for r in reps]  # noqa: E731
    assert run(program, "AFTER_SESSION", "lat-pulldown", 100, sets(12, 12, 11))[1] == []
    assert run(program, "AFTER_SESSION", "lat-pulldown", 100, sets(12, 12, 12))[0].weight == lb(105)


def test_inverted_juggernaut_rep_standard_in_the_realization_week(program):
    top = lambda reps: [done("squat.max", reps, 202.5, 1, True, "top")]  # noqa: E731
    assert run(program, "AFTER_WEEK", "squat.max", 270, top(13), week=3)[0].weight == lb(285)  # + (13 - 10) x 5
    assert run(program, "AFTER_WEEK", "squat.max", 270, top(8), week=3)[0].weight == lb(260)  # the TM can fall
    assert run(program, "AFTER_WEEK", "squat.max", 270, top(13), week=2)[1] == []  # not a realization week


def test_cap3_e1rm_reset_or_plus_five_or_minus_ten_percent(program):
    hi = lambda reps: [done("deadlift", reps, 320, 2, True, "top")]  # noqa: E731
    # 320 x 5: Epley 373.3 < EM 400 (= 360 / 0.9) -> TM + 5.
    assert run(program, "AFTER_SESSION", "deadlift", 360, hi(5))[0].weight == lb(365)
    # 320 x 8: 405.2 > 400 -> EM = 410 (ceil 5) -> TM = 0.9 x 410 = 369.
    assert run(program, "AFTER_SESSION", "deadlift", 360, hi(8))[0].weight == lb(369)
    # Short of the 2-rep minimum: TM - 10%.
    assert run(program, "AFTER_SESSION", "deadlift", 360, hi(1))[0].weight == lb(324)


def test_rts_rpe_top_set_updates_the_max(program):
    state, changes = run(program, "AFTER_SET", "squat.max", 300, [done("squat.max", 3, 255, 3, tag="top", rpe=8)])
    assert state.weight.value.quantize(D("0.1")) == D("295.5")  # 255 / 0.863
    assert changes[0].trigger == "AFTER_SET" and changes[0].rule == "rts"
    no_rpe = [done("squat.max", 3, 255, 3, tag="top")]
    assert run(program, "AFTER_SET", "squat.max", 300, no_rpe)[1] == []


def test_max_test_writes_the_heaviest_successful_single(program):
    sets = [done("squat.max", 1, w, 1, tag="test") for w in (300, 315)] + [done("squat.max", 0, 325, 1, tag="test")]
    assert run(program, "AFTER_CYCLE", "squat.max", 300, sets)[0].weight == lb(315)


def test_a_max_test_of_0_lb_or_0_reps_is_no_test_and_the_max_holds(program):
    """Issue 13: a lifter's-choice test logged at 0 lb (or not a rep) set the max to 0."""
    for sets in ([done("squat.max", 1, 0, 1, tag="test")], [done("squat.max", 0, 0, 0, tag="test")]):
        state, changes = run(program, "AFTER_CYCLE", "squat.max", 300, sets)
        assert state.weight == lb(300) and changes == []


def test_deload_counter_at_session_scope(program):
    fail, ok = [done("overhead-press", 3, 100, 5)], [done("overhead-press", 5, 100, 5)]
    state = SlotState(weight=lb(100))
    for n, sets in enumerate([fail, fail, ok, fail, fail], start=1):
        state, _ = run(program, "AFTER_SESSION", "overhead-press", None, sets, event=f"s{n}", state=state)
    assert (state.weight, state.failure_count) == (lb(100), 2)
    state, _ = run(program, "AFTER_SESSION", "overhead-press", None, fail, event="s6", state=state)
    assert (state.weight, state.failure_count) == (lb(90), 0)


def test_an_empty_slot_never_progresses(program):
    sets = [done("lat-pulldown", 12, None, 8, reps_max=12)]
    state, changes = run(program, "AFTER_SESSION", "lat-pulldown", None, sets, state=SlotState())
    assert changes == [] and state.weight is None
