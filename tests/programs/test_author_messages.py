"""What authors really get wrong, each answered by one message that names the mistake.

Every case edits a shipped program (5/3/1 BBB or Starting Strength) the way an author would slip,
then reads what `load_program` and `powerpro validate` say.
"""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.programs.loader import DEFAULT_PROGRAMS_DIR, load_program
from engine.spec_files import SpecErrors

BBB = (DEFAULT_PROGRAMS_DIR / "wendler-531-bbb.yaml").read_text(encoding="utf-8")


def mistakes(tmp_path, old, new, source=BBB, name="wendler-531-bbb.yaml"):
    """The errors of ``source`` with ``old`` replaced by ``new`` (once, and it must be there)."""
    assert old in source
    path = tmp_path / name
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SpecErrors) as caught:
        load_program(path)
    return caught.value.errors


def line_of(text, needle):
    """The first line holding ``needle`` (a whole line when it ends with a newline)."""
    lines = text.splitlines()
    if needle.endswith("\n"):
        return lines.index(needle.rstrip("\n")) + 1
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


def test_a_fraction_where_a_percentage_goes_asks_for_the_percentage(tmp_path):
    (error,) = mistakes(tmp_path, "{reps: 5, percent: 65}", "{reps: 5, percent: 0.65}")
    assert error.field == "lookups.wave.weeks[0][0].percent"
    assert error.line == line_of(BBB, "{reps: 5, percent: 65}")
    assert "did you mean 65?" in error.message


@pytest.mark.parametrize("written", [0.85, 4.5])
def test_every_percent_field_refuses_a_fraction(tmp_path, written):
    (error,) = mistakes(tmp_path, "change: {percent: 90}", f"change: {{percent: {written}}}")
    assert error.field == "progressions[1].change.percent"
    assert f"did you mean {written * 100:g}?" in error.message


def test_a_misspelled_lift_is_one_message_with_the_close_slug(tmp_path):
    (error,) = mistakes(tmp_path, "- {lift: squat, sets: {lookup: wave}, tag: main}",
                        "- {lift: sqaut, sets: {lookup: wave}, tag: main}")
    # Not also "this load needs a slot" nor "no set of slot 'squat' has tag 'main'": consequences.
    assert error.field == "workouts.squat.exercises[0].lift"
    assert error.message == "unknown lift 'sqaut' (did you mean 'squat'?)"


def test_a_misspelled_field_name_is_one_message_with_the_close_name(tmp_path):
    (error,) = mistakes(tmp_path, "- {lift: squat, sets: {lookup: wave}, tag: main}",
                        "- {lift: squat, sets: {lookup: wave}, tags: main}")
    assert error.field == "workouts.squat.exercises[0].tags"
    assert error.message.startswith("unknown field (did you mean 'tag'?); allowed here: id, lift")


def test_a_misspelled_rule_field_names_the_fields_of_that_rule_family(tmp_path):
    (error,) = mistakes(tmp_path, "    after_failures: 1\n", "    after_failure: 1\n")
    assert error.field == "progressions[1].after_failure"
    assert "did you mean 'after_failures'?" in error.message
    assert "Unevaluated" not in error.message


def test_a_misspelled_rule_type_does_not_make_its_fields_unknown(tmp_path):
    (error,) = mistakes(tmp_path, "    type: linear\n", "    type: linaer\n")
    assert error.field == "progressions[0].type"
    assert error.message.endswith("(did you mean 'linear'?)")


def test_a_key_written_one_level_too_high_says_where_it_belongs(tmp_path):
    (error,) = mistakes(tmp_path, "  after_cycle: repeat\n", "after_cycle: repeat\n")
    assert (error.field, error.message) == ("after_cycle", "misplaced: 'after_cycle' belongs under schedule")
    assert error.line == line_of(BBB, "  after_cycle: repeat")


def test_a_misspelled_reference_suggests_the_declared_name(tmp_path):
    (error,) = mistakes(tmp_path, "slots: [overhead-press, deadlift, bench-press, squat]",
                        "slots: [overhead-press, deadlift, bench-pres, squat]")
    assert error.message == "unknown slot 'bench-pres' (did you mean 'bench-press'?)"


def test_an_indentation_error_gives_line_column_and_the_line(tmp_path):
    (error,) = mistakes(tmp_path, "\n  press:\n", "\n   press:\n")
    deadlift = line_of(BBB, "  deadlift:\n")
    assert (error.line, error.column) == (deadlift, 3)
    assert f"line {deadlift - 6} is indented 3 spaces and this line 2" in error.message
    assert error.excerpt.splitlines() == [f"{deadlift:>5} |   deadlift:", " " * 10 + "^"]
    assert str(error).startswith(f"{tmp_path / 'wendler-531-bbb.yaml'}:{deadlift}:3: ")


def test_a_tab_is_named(tmp_path):
    (error,) = mistakes(tmp_path, "\n  press:\n", "\n\tpress:\n")
    assert error.column == 1
    assert "a tab: YAML indents with spaces only" in error.message


def test_a_consequence_alone_is_reported(tmp_path):
    """An unused input is a mistake of its own when nothing else is wrong."""
    unused = "  front-squat.1rm: {lift: front-squat, kind: rep_max, reps: 1}\n"
    (error,) = mistakes(tmp_path, "inputs:\n", "inputs:\n" + unused)
    assert error.field == "inputs.front-squat.1rm"
    assert error.message == "input 'front-squat.1rm' is the starting point of no slot"


def test_powerpro_validate_prints_the_same_message_and_fails(tmp_path):
    specs = tmp_path / "specs"
    shutil.copytree(DEFAULT_PROGRAMS_DIR.parent, specs)
    program = specs / "programs" / "wendler-531-bbb.yaml"
    program.write_text(BBB.replace("{reps: 5, percent: 65}", "{reps: 5, percent: 0.65}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(program)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"{program}:{line_of(BBB, '{reps: 5, percent: 65}')}: lookups.wave.weeks[0][0]"
                                     ".percent: 0.65 reads as 0.65%: a percent is written whole (85 means 85%); "
                                     "did you mean 65?")


def test_every_program_file_names_its_schema_for_editors():
    first_lines = {p.name: p.read_text(encoding="utf-8").splitlines()[0] for p in DEFAULT_PROGRAMS_DIR.glob("*.yaml")}
    wrong = {n: line for n, line in first_lines.items()
             if line != "# yaml-language-server: $schema=../schemas/program.schema.json"}
    assert not wrong
    assert (DEFAULT_PROGRAMS_DIR.parent / "schemas" / "program.schema.json").is_file()
