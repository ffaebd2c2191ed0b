"""The scenario vocabulary (engine/scenario.py): parsing with located errors, the performance
lookup (later overrides win), the command-line flags, and the checks against a real program."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from engine.programs import Weight, load_program
from engine.scenario import (
    Amrap,
    At,
    Choice,
    ChoiceKind,
    Performance,
    Scenario,
    ScenarioError,
    load,
    parse_flag,
)
from engine.spec_files import load_document

SPECS = Path(__file__).resolve().parents[2] / "specs" / "programs"
STRONGLIFTS_MAXES = {"squat": 135, "bench-press": 95, "barbell-row": 95, "overhead-press": 65, "deadlift": 185}


@pytest.fixture(scope="module")
def stronglifts():
    # weeks: [a, b, a], [b, a, b]; a = squat, bench-press, barbell-row; b = squat, overhead-press, deadlift
    return load_program(SPECS / "stronglifts-5x5.yaml")


def messages(exc: pytest.ExceptionInfo) -> list[str]:
    return [f"{e.line}:{e.field}: {e.message}" for e in exc.value.errors]


def test_the_defaults_are_the_minimum_the_target_rpe_and_the_target_weight():
    scenario = Scenario.from_mapping({})
    assert scenario.performance("squat", 1, 1, 1) == Performance(Amrap(0, True), None, Choice(), 0)
    assert scenario.unit == "lb" and scenario.cycles is None and scenario.maxes == {}


def test_maxes_take_the_unit_or_their_own():
    scenario = Scenario.from_mapping({"unit": "kg", "maxes": {"squat": 140, "bench-press.1rm": "220lb"}})
    assert scenario.maxes == {"squat": Weight.of(140, "kg"), "bench-press.1rm": Weight.of(220, "lb")}


def test_later_overrides_win_and_star_matches_any_position():
    scenario = Scenario.from_mapping({
        "lifter": {"amrap": "+2", "rpe": 8, "choice": "90%"},
        "performances": [
            {"lift": "squat", "at": "1/3/*", "amrap": 8},
            {"lift": "bench-press", "at": "1/2/1", "fail": 2},
            {"at": "2/*/*", "rpe": "target"},
            {"lift": "squat", "at": "1/3/2", "amrap": "+1"},
        ],
    })
    assert scenario.performance("squat", 1, 3, 1).amrap == Amrap(8, over_minimum=False)
    assert scenario.performance("squat", 1, 3, 2).amrap == Amrap(1, over_minimum=True)
    everywhere = Performance(Amrap(2), None, Choice(ChoiceKind.PERCENT, Decimal(90)))
    assert scenario.performance("squat", 2, 3, 1) == everywhere
    assert scenario.performance("bench-press", 1, 2, 1).fail == 2
    assert scenario.performance("bench-press", 1, 2, 2).fail == 0
    assert scenario.performance("deadlift", 1, 1, 1).rpe == Decimal(8)


def test_week_and_day_without_a_cycle_match_every_cycle():
    scenario = Scenario.from_mapping({"performances": [{"lift": "squat", "at": "2/1", "fail": True}]})
    assert scenario.performances[0].at == At(None, 2, 1)
    assert [scenario.performance("squat", c, 2, 1).fail for c in (1, 2, 3)] == [1, 1, 1]


def test_amrap_reps_over_the_minimum_or_absolute():
    assert Amrap(2).reps(5) == 7
    assert Amrap(8, over_minimum=False).reps(5) == 8


def test_every_mistake_is_reported_with_its_field():
    with pytest.raises(ScenarioError) as exc:
        Scenario.from_mapping({
            "maxs": {}, "unit": "kgs", "cycles": 0, "maxes": {"squat": 0},
            "lifter": {"amrap": "lots", "rpe": 11, "choice": "0%"},
            "performances": [{"lift": "squat", "at": "1/x/1", "fail": 0}, {"lift": "squat"}, 5],
        }, source="plan.yaml")
    assert messages(exc) == [
        "None:cycles: a whole number of cycles from 1 to 50, not 0",
        "None:lifter.amrap: write \"+N\" (N reps over the set's minimum) or a count N, not 'lots'",
        "None:lifter.choice: a percentage of the target is above 0 and at most 200, not '0%'",
        "None:lifter.rpe: write target or an RPE from 1 to 10, not 11",
        "None:maxes.squat: a weight is above 0, not 0",
        "None:maxs: unknown field (did you mean 'maxes'?)",
        "None:performances[0].at: write CYCLE/WEEK/DAY or WEEK/DAY, each a number from 1 or *, not '1/x/1'",
        "None:performances[0].fail: write the reps short (1 or more) or true, not 0",
        "None:performances[1]: says nothing: give one of amrap, rpe, choice, fail",
        "None:performances[2]: an entry is a mapping such as {lift: squat, at: \"1/3/*\", amrap: 8}",
        "None:unit: write lb or kg, not 'kgs'",
    ]
    assert str(exc.value).startswith("plan.yaml: cycles: ")


def test_a_scenario_file_reports_lines(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text("maxes: {squat: 300}\nperformances:\n  - {lift: squat, at: 1/1/1, amrap: many}\n")
    with pytest.raises(ScenarioError) as exc:
        load(path)
    assert str(exc.value) == (f"{path}:3: performances[0].amrap: "
                              "write \"+N\" (N reps over the set's minimum) or a count N, not 'many'")


def test_a_scenario_inside_a_larger_document_reports_its_lines(tmp_path):
    path = tmp_path / "program.yaml"
    path.write_text("examples:\n  - name: one\n    scenario:\n      cycles: 2\n      lifter: {rpe: 12}\n")
    with pytest.raises(ScenarioError) as exc:
        Scenario.from_document(load_document(path), ("examples", 0, "scenario"))
    assert [(e.line, e.field) for e in exc.value.errors] == [(5, "examples[0].scenario.lifter.rpe")]


def test_flags_are_overrides():
    assert parse_flag("amrap", "+2").amrap == Amrap(2)
    squat = parse_flag("amrap", "squat=10")
    assert (squat.lift, squat.amrap) == ("squat", Amrap(10, over_minimum=False))
    assert parse_flag("rpe", "bench-press=8.5").rpe == Decimal("8.5")
    assert parse_flag("choice", "squat=315", "lb").choice == Choice(ChoiceKind.WEIGHT, weight=Weight.of(315, "lb"))
    fail = parse_flag("fail", "squat@2/3/1:2")
    assert (fail.lift, fail.at, fail.fail) == ("squat", At(2, 3, 1), 2)
    assert parse_flag("fail", "squat@3/1").at == At(None, 3, 1)


def test_a_bad_flag_names_itself():
    with pytest.raises(ScenarioError) as exc:
        parse_flag("fail", "squat")
    assert str(exc.value) == ("command line: --fail squat: write LIFT@[CYCLE/]WEEK/DAY[:SHORT], "
                              "e.g. squat@1/2/1:2 (day 1 is the week's first)")


def test_extended_overrides_win():
    scenario = Scenario.from_mapping({"lifter": {"amrap": "+1"}, "cycles": 2}).extended(
        [parse_flag("amrap", "+3")], maxes={"squat": Weight.of(100, "kg")}, cycles=3)
    assert scenario.performance("squat", 1, 1, 1).amrap == Amrap(3)
    assert scenario.cycles == 3 and scenario.maxes == {"squat": Weight.of(100, "kg")}


def test_inputs_by_lift_or_input_id(stronglifts):
    scenario = Scenario.from_mapping({"maxes": {**STRONGLIFTS_MAXES, "squat.work": 140}})
    inputs = scenario.inputs(stronglifts)
    assert inputs["squat.work"] == Weight.of(140, "lb")
    assert inputs["deadlift.work"] == Weight.of(185, "lb")


def test_a_scenario_that_fits_the_program_passes(stronglifts):
    Scenario.from_mapping({
        "maxes": STRONGLIFTS_MAXES, "cycles": 2,
        "performances": [{"lift": "deadlift", "at": "2/1/2", "fail": 1}, {"lift": "squat", "at": "*", "amrap": "+1"}],
    }).check(stronglifts)


def test_check_names_every_reference_the_program_lacks(stronglifts):
    scenario = Scenario.from_mapping({
        "maxes": {"squat": 135, "bench-press": 95, "barbell-row": 95, "overhead-press": 65, "sqaut": 100},
        "performances": [
            {"lift": "sqaut", "fail": 1},
            {"lift": "squat", "at": "1/3/1", "fail": 1},
            {"lift": "squat", "at": "1/1/4", "fail": 1},
            {"lift": "squat", "at": "3/1/1", "fail": 1},
            {"lift": "deadlift", "at": "1/1/1", "fail": 1},  # week 1 day 1 is workout A: no deadlift
        ],
    }, source="plan.yaml")
    with pytest.raises(ScenarioError) as exc:
        scenario.check(stronglifts, cycles=2)
    assert [f"{e.field}: {e.message}" for e in exc.value.errors] == [
        "maxes: stronglifts-5x5 needs a max for deadlift (deadlift.work: Starting deadlift weight (1x5))",
        "maxes.sqaut: stronglifts-5x5 takes no max for 'sqaut' (did you mean 'squat'?); it takes: barbell-row, "
        "barbell-row.work, bench-press, bench-press.work, deadlift, deadlift.work, overhead-press, "
        "overhead-press.work, squat, squat.work",
        "performances[0]: stronglifts-5x5 has no lift 'sqaut' (did you mean 'squat'?); its lifts: barbell-row, "
        "bench-press, deadlift, overhead-press, squat",
        "performances[1]: stronglifts-5x5 has weeks 1-2, not week 3",
        "performances[2]: stronglifts-5x5 has days 1-3 in week 1, not day 4",
        "performances[3]: cycle 3 is past the simulated 2 cycle(s)",
        "performances[4]: deadlift is not trained at 1/1/1 (cycle/week/day) in stronglifts-5x5",
    ]
