"""`powerpro test`: a program's worked examples run through the HTTP service; a wrong number is
reported with what was expected, what the service answered and the file:line it was written
on; a mistake in an example (a slot the program lacks, a week past its cycle) is a located
error of `powerpro test` and of `powerpro validate`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.config import PROJECT_ROOT

# A small example written here, by hand: Starting Strength's first two sessions.
EXAMPLE = """
examples:
  - name: two sessions
    scenario:
      unit: lb
      maxes: {squat.work: 135, overhead-press.work: 75, bench-press.work: 115, deadlift.work: 185}
    expect:
      - at: 1/1/1
        loads: {squat: "3x5 @ 135", deadlift: 185}
        changes: {squat: "135 -> 140", overhead-press: "75 -> 80", deadlift: "185 -> 195"}
      - at: 1/1/2
        loads: {squat: "3x5 @ SQUAT"}
        slots: {deadlift: {weight: 205, stage: 0}}
"""


@pytest.fixture
def specs(tmp_path) -> Path:
    """A copy of the specs tree whose Starting Strength carries only the example above."""
    tree = tmp_path / "specs"
    shutil.copytree(PROJECT_ROOT / "specs", tree)
    for path in (tree / "programs").glob("*.yaml"):
        if path.stem != "starting-strength":
            path.unlink()
    return tree


def with_example(specs: Path, squat: str = "140", text: str = EXAMPLE) -> tuple[Path, int]:
    """The program file with ``text`` as its examples, and the line of the 1/1/2 squat loads."""
    path = specs / "programs" / "starting-strength.yaml"
    program = path.read_text().split("\n# Worked examples")[0].split("\nexamples:")[0]
    path.write_text(program + text.replace("SQUAT", squat))
    line = 1 + path.read_text().splitlines().index('        loads: {squat: "3x5 @ ' + squat + '"}')
    return path, line


def test_the_shipped_examples_pass():
    result = CliRunner().invoke(cli, ["test", str(PROJECT_ROOT / "specs" / "programs" / "starting-strength.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok    starting-strength: ")


def test_examples_at_their_hand_worked_numbers_pass(specs):
    path, _ = with_example(specs)
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 0, result.output
    # 2 loads, 3 changes and "no other change", a load, a slot (its weight and stage)
    assert result.output == "ok    starting-strength: two sessions (8 values)\n"


def test_a_wrong_number_is_reported_with_the_line_it_was_expected_on(specs):
    path, line = with_example(specs, squat="145")  # session 2's squat is 140 (135 + 5)
    result = CliRunner().invoke(cli, ["test", str(specs / "programs")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "FAIL  starting-strength: two sessions",
        f"      {path}:{line}: examples[0].expect[1].loads.squat: at cycle 1 week 1 day 2: "
        "squat set 1 of 3: expected 5 @ 145, got 5 @ 140 (all: 3x5 @ 140)",
    ]


def test_an_unlisted_change_is_a_difference(specs):
    text = EXAMPLE.replace(', deadlift: "185 -> 195"}', "}")
    path, _ = with_example(specs, text=text)
    line = 1 + path.read_text().splitlines().index('        changes: {squat: "135 -> 140", overhead-press: "75 -> 80"}')
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 1
    assert (f"{path}:{line}: examples[0].expect[0].changes: at cycle 1 week 1 day 1: deadlift also changed, "
            "185 -> 195 (add-weight), which the example does not list") in result.output


def test_mistakes_in_an_example_are_located_errors_of_test_and_validate(specs):
    text = (EXAMPLE.replace("at: 1/1/2", "at: 1/3/2").replace("{deadlift: {", "{deadlifts: {")
            .replace("deadlift.work: 185}", "}"))
    path, _ = with_example(specs, text=text)
    lines = path.read_text().splitlines()

    def line_of(fragment: str) -> int:
        return 1 + next(i for i, text in enumerate(lines) if fragment in text)

    expected = [
        f"{path}:{line_of('    scenario:')}: examples[0].scenario.maxes: starting-strength needs a max for deadlift "
        "(deadlift.work: Starting deadlift work weight (1x5))",
        f"{path}:{line_of('at: 1/3/2')}: examples[0].expect[1].at: starting-strength has 2 weeks per cycle, not 3",
        f"{path}:{line_of('{deadlifts:')}: examples[0].expect[1].slots.deadlifts: starting-strength has no slot "
        "'deadlifts' (did you mean 'deadlift'?)",
    ]
    tested = CliRunner().invoke(cli, ["test", str(path)])
    assert tested.exit_code == 1
    assert sorted(tested.output.splitlines()) == sorted(expected)
    validated = CliRunner().invoke(cli, ["validate", str(specs)])
    assert validated.exit_code == 1
    assert sorted(validated.output.splitlines()) == sorted(expected)


@pytest.mark.parametrize(("warmups", "message"), [
    # Squat 135: 80% 108 floors to 105, not 110.
    ('["2x5 @ 45", "5 @ 50", "3 @ 80", "2 @ 110"]',
     "squat warm-up set 5 of 5: expected 2 @ 110, got 2 @ 105 (all: 2x5 @ 45, 5 @ 50, 3 @ 80, 2 @ 105)"),
    ("[]", "squat warm-ups: expected none, got 2x5 @ 45, 5 @ 50, 3 @ 80, 2 @ 105"),
])
def test_a_wrong_warm_up_is_a_difference_at_its_line(specs, warmups, message):
    """`warmups:` expects a lift's warm-up sets in the loads' notation ([] for none); `loads:`
    compares only the work sets, so the 1/1/1 squat is still "3x5 @ 135" before its warm-ups."""
    text = EXAMPLE.replace('deadlift: 185}\n', f'deadlift: 185}}\n        warmups: {{squat: {warmups}}}\n')
    path, _ = with_example(specs, text=text)
    line = 1 + path.read_text().splitlines().index(f"        warmups: {{squat: {warmups}}}")
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 1
    assert f"{path}:{line}: examples[0].expect[0].warmups.squat: at cycle 1 week 1 day 1: {message}" in result.output


def test_warm_ups_at_their_hand_worked_numbers_pass_and_a_lift_without_any_expects_none(specs):
    # Squat 135 (floored to 5): the bar x5 x2, 40% 54 -> 50, 60% 81 -> 80, 80% 108 -> 105; bench-press
    # is not trained on day 1 and the deadlift 185 starts with plates (no bar sets).
    warm = ('        warmups: {squat: ["2x5 @ 45", "5 @ 50", "3 @ 80", "2 @ 105"], bench-press: [], '
            'deadlift: "2x5 @ 70"}\n')
    text = EXAMPLE.replace('deadlift: 185}\n', 'deadlift: 185}\n' + warm)
    path, _ = with_example(specs, text=text)
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 1  # the deadlift has more warm-ups than the one written
    assert ("deadlift warm-up: expected 2x5 @ 70 (2 sets), got 2x5 @ 70, 3 @ 110, 2 @ 155 (4 sets)"
            in result.output)
    all_three = 'deadlift: ["2x5 @ 70", "3 @ 110", "2 @ 155"]}'
    path.write_text(path.read_text().replace('deadlift: "2x5 @ 70"}', all_three))
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output == "ok    starting-strength: two sessions (11 values)\n"



def test_a_run_of_more_examples_than_the_registration_throttle_allows_runs_them_all(specs):
    """Each example registers its own lifter from one address: a full run (every shipped program,
    over 30 examples) must not meet the registration throttle (20 an hour) from the 21st on."""
    count = 25
    one = ("  - name: example {n}\n    scenario:\n      unit: lb\n      maxes: {{squat.work: 135, "
           "overhead-press.work: 75, bench-press.work: 115, deadlift.work: 185}}\n    expect:\n"
           '      - {{at: 1/1/1, loads: {{squat: "3x5 @ 135"}}}}\n')
    path = specs / "programs" / "starting-strength.yaml"
    program = path.read_text().split("\n# Worked examples")[0].split("\nexamples:")[0]
    path.write_text(program + "\nexamples:\n" + "".join(one.format(n=n) for n in range(1, count + 1)))
    result = CliRunner().invoke(cli, ["test", str(path)])
    assert result.exit_code == 0, result.output
    expected = [f"ok    starting-strength: example {n} (1 values)" for n in range(1, count + 1)]
    assert result.output.splitlines() == expected
