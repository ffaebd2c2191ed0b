"""Warm-up schemes (specs/warmups.yaml) and rest times: the ramps worked by hand, the sets they
prescribe, and the located errors of both files."""

from __future__ import annotations

import textwrap
from decimal import Decimal

import pytest

from engine.programs import SetKind, SlotState, prescribe
from engine.programs.lifts import load_lifts
from engine.programs.model import Rest
from engine.programs.units import Amount
from engine.programs.warmups import load_warmups, ramp, shipped_warmups
from engine.spec_files import SpecErrors
from tests.programs.support import kg, lb, program_from_yaml

LIFTS = load_lifts()
INCREMENT = Amount.of(5, 2.5)
SLOTS = {"squat": SlotState(lb(225)), "bench-press": SlotState(lb(200)), "overhead-press": SlotState(lb(150))}

PROGRAM = """
schema_version: 1
slug: test-program
name: Warm-ups and rest
warmup: bar-40-60-80
slots:
  squat: {lift: squat, kind: work_weight}
  bench-press: {lift: bench-press, kind: work_weight}
  overhead-press: {lift: overhead-press, kind: work_weight}
workouts:
  a:
    exercises:
      - {lift: squat, sets: [{sets: 3, reps: 5}], rest: {min: 180, max: 300}}
      - {id: squat-backoff, lift: squat, sets: [{reps: 8, percent: 80, rest: 120}]}
      - {lift: bench-press, warmup: false, sets: [{sets: 3, reps: 5}]}
      - {lift: overhead-press, warmup: wendler-531, sets: [{reps: 5, percent: 80}]}
      - {lift: chin-up, load: {type: bodyweight}, sets: [{sets: 3, reps: 8}], rest: 90}
schedule:
  every_week: [a]
  after_cycle: repeat
"""


def ramp_of(scheme: str, lift: str, work, reps: int = 5, slot=None) -> list[tuple[Decimal, int]]:
    sets = ramp(shipped_warmups()[scheme], LIFTS[lift], work, reps, slot, INCREMENT)
    return [(s.weight.value, s.reps) for s in sets]


def test_the_ramp_to_a_225_lb_work_set_by_hand():
    # Empty bar 2x5; 40% of 225 = 90 x5; 60% = 135 x3; 80% = 180 x2 (all exact multiples of 5).
    assert ramp_of("bar-40-60-80", "squat", lb(225)) == [(45, 5), (45, 5), (90, 5), (135, 3), (180, 2)]


def test_warm_ups_are_floored_to_the_increment_and_never_below_the_bar():
    # 102.5 kg: bar 20; 40% 41 -> 40; 60% 61.5 -> 60; 80% 82 -> 80 (floor, 2.5 kg).
    assert ramp_of("bar-40-60-80", "squat", kg(102.5)) == [(20, 5), (20, 5), (40, 5), (60, 3), (80, 2)]
    # 65 lb: 40% 26 and 60% 39 are the bar again (left out); 80% 52 -> 50.
    assert ramp_of("bar-40-60-80", "squat", lb(65)) == [(45, 5), (45, 5), (50, 2)]
    # An empty-bar work set needs no warm-up: nothing is lighter than it.
    assert ramp_of("bar-40-60-80", "squat", lb(45)) == []
    # Bodyweight lifts get none; nor does a set whose weight the lifter chooses.
    assert ramp_of("bar-40-60-80", "chin-up", lb(225)) == []
    assert ramp_of("bar-40-60-80", "squat", None) == []


def test_per_lift_steps_slot_based_and_step_below_schemes():
    # Starting Strength deadlift: no bar; 185 x 40% = 74 -> 70 x5 x2, 60% 111 -> 110 x3, 85% 157.25 -> 155 x2.
    assert ramp_of("starting-strength", "deadlift", lb(185)) == [(70, 5), (70, 5), (110, 3), (155, 2)]
    # 5/3/1: 40/50/60% of the TM (360), nearest: 144 -> 145, 180, 216 -> 215, before a 235 first set.
    assert ramp_of("wendler-531", "squat", lb(235), 5, lb(360)) == [(145, 5), (180, 5), (215, 3)]
    # RTS: a step is 5% of 300 = 15: 270 and 285 at the top set's 4 reps.
    assert ramp_of("rts-ramp", "squat", lb(300), 4) == [(270, 4), (285, 4)]


def test_prescribed_warm_ups_come_first_and_carry_no_rest(tmp_path):
    program = program_from_yaml(tmp_path, PROGRAM)
    sets = prescribe(program, (1, 0), SLOTS, "lb")
    rows = [(s.set_index, s.exercise_id, s.kind, s.warmup, s.weight and s.weight.value, s.target_reps, s.rest)
            for s in sets]
    three_to_five = Rest(180, 300)
    assert rows == [
        (0, "squat", SetKind.WARMUP, True, 45, 5, None),
        (1, "squat", SetKind.WARMUP, True, 45, 5, None),
        (2, "squat", SetKind.WARMUP, True, 90, 5, None),
        (3, "squat", SetKind.WARMUP, True, 135, 3, None),
        (4, "squat", SetKind.WARMUP, True, 180, 2, None),
        (5, "squat", SetKind.WORK, False, 225, 5, three_to_five),
        (6, "squat", SetKind.WORK, False, 225, 5, three_to_five),
        (7, "squat", SetKind.WORK, False, 225, 5, three_to_five),
        (8, "squat-backoff", SetKind.WORK, False, 180, 8, Rest(120, 120)),  # the lift's second exercise: warm
        (9, "bench-press", SetKind.WORK, False, 200, 5, None),  # warmup: false
        (10, "bench-press", SetKind.WORK, False, 200, 5, None),
        (11, "bench-press", SetKind.WORK, False, 200, 5, None),
        # its own scheme, of the slot (150): 40% 60, 50% 75, 60% 90, before the 80% set (120)
        (12, "overhead-press", SetKind.WARMUP, True, 60, 5, None),
        (13, "overhead-press", SetKind.WARMUP, True, 75, 5, None),
        (14, "overhead-press", SetKind.WARMUP, True, 90, 3, None),
        (15, "overhead-press", SetKind.WORK, False, 120, 5, None),
        (16, "chin-up", SetKind.WORK, False, None, 8, Rest(90, 90)),  # bodyweight: no warm-up
        (17, "chin-up", SetKind.WORK, False, None, 8, Rest(90, 90)),
        (18, "chin-up", SetKind.WORK, False, None, 8, Rest(90, 90)),
    ]
    assert sets[2].basis == "40% of the first work set" and sets[12].basis == "40% of overhead-press (work weight)"


def test_a_second_prescription_keeps_the_first_ones_warm_ups(tmp_path):
    program = program_from_yaml(tmp_path, PROGRAM)
    first = prescribe(program, (1, 0), SLOTS, "lb")
    again = prescribe(program, (1, 0), {**SLOTS, "squat": SlotState(lb(65))}, "lb", previous=first)
    assert [s.set_index for s in again] == [s.set_index for s in first]
    assert [s.weight.value for s in again[:6]] == [45, 45, 90, 135, 180, 65]


def test_program_errors_name_the_scheme_and_the_field(tmp_path):
    text = PROGRAM.replace("warmup: bar-40-60-80", "warmup: bar-40-60-90").replace(
        "{lift: chin-up, load: {type: bodyweight},", "{lift: chin-up, warmup: bar-40-60-80, load: {type: bodyweight},"
    ).replace("rest: {min: 180, max: 300}", "rest: {min: 300, max: 180}")
    with pytest.raises(SpecErrors) as caught:
        program_from_yaml(tmp_path, text)
    messages = [(e.field, e.message.split(":")[0]) for e in caught.value.errors]
    assert messages == [
        ("warmup", "unknown warm-up scheme 'bar-40-60-90'"),
        ("workouts.a.exercises[0].rest", "rest ends (180 s) before it starts (300 s)"),
        ("workouts.a.exercises[4].warmup",
         "warm-up schemes load a barbell; chin-up is not a barbell lift (leave warmup out)"),
    ]
    assert all(e.line for e in caught.value.errors)


def test_the_warm_up_file_reports_every_mistake_located(tmp_path):
    path = tmp_path / "warmups.yaml"
    path.write_text(textwrap.dedent("""\
        schema_version: 1
        warmups:
          ramp:
            steps:
              - {below: 1}
            lifts:
              squatt: [{percent: 50}]
        """), encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_warmups(path, LIFTS)
    assert sorted((e.line, e.field, e.message) for e in caught.value.errors) == [
        (5, "warmups.ramp.steps[0].below", "a below step needs the scheme's step_percent"),
        (7, "warmups.ramp.lifts.squatt", "unknown lift 'squatt'"),
    ]
    path.write_text("schema_version: 1\nwarmups:\n  ramp:\n    steps: [{bar: true, percent: 40}]\n", encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_warmups(path, LIFTS)
    assert caught.value.errors[0].line == 4


def test_the_shipped_schemes_name_known_lifts():
    assert set(load_warmups(lifts=LIFTS)) == {"starting-strength", "texas-method", "bar-40-60-80", "wendler-531",
                                              "rts-ramp"}
