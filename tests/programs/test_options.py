"""Program options, repeatable blocks and a date to end on, at the file level: what the loader
accepts and refuses (each mistake at its line), what an enrollment's choice writes into the
program, and the calendar's arithmetic worked by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from engine.config import PROJECT_ROOT
from engine.programs import load_program_text
from engine.programs.calendar import DateRefused, countdown, starting_week
from engine.programs.loader import with_options
from engine.programs.options import OptionRefused
from engine.spec_files import SpecErrors

TINY = (PROJECT_ROOT / "tests" / "engine" / "specs_fixture" / "tiny-linear.yaml").read_text()
OPTION = """options:
  step: {description: the weekly add, weight: true, minimum: {lb: 5, kg: 2.5}, maximum: {lb: 20, kg: 10},
         default: {lb: 10, kg: 5}}
  share: {values: [80, 90], default: 90}

inputs:"""


def tiny(text: str = TINY) -> str:
    text = text.replace("inputs:", OPTION, 1)
    text = text.replace("initial: {from: squat.work, round: nearest}",
                        "initial: {from: squat.work, percent: {option: share}}")
    return text.replace("{lift: squat, sets: [{sets: 2, reps: 5}]}",
                        "{lift: squat, sets: [{sets: 2, reps: 5, load: {type: slot, add: {option: step, times: 2}}}]}")


def errors_of(text: str) -> list[str]:
    with pytest.raises(SpecErrors) as caught:
        load_program_text(text, "tiny-linear.yaml")
    return [f"{e.line}: {e.field}: {e.message}" for e in caught.value.errors]


def test_the_defaults_are_written_in_and_a_choice_replaces_them():
    program = load_program_text(tiny(), "tiny-linear.yaml")
    assert program.slots["squat"].initial.percent == 90
    chosen = with_options(program, {"share": 80, "step": {"lb": 15, "kg": 6.803886}})
    assert chosen.slots["squat"].initial.percent == 80
    add = chosen.workouts["a"].exercises[0].sets.groups[0].load.add
    assert (add.lb, add.kg) == (Decimal(30), Decimal("13.607772"))  # 2 x 15 lb; 2 x 15 x 0.45359237 kg
    assert chosen.version == program.version  # the same file: an enrollment's choice is not a version


def test_a_choice_is_checked_against_the_option():
    step = load_program_text(tiny(), "tiny-linear.yaml").options["step"]
    assert step.choose(10, "lb") == {"lb": 10, "kg": 4.535924}
    assert step.choose(5, "kg") == {"lb": 11.023113, "kg": 5}
    with pytest.raises(OptionRefused, match="step must be a number from 2.5 to 10 kg, not 11"):
        step.choose(11, "kg")


def test_mistakes_in_options_are_reported_at_their_lines():
    text = tiny().replace("{option: share}", "{option: shares}").replace("default: {lb: 10, kg: 5}",
                                                                         "default: {lb: 30, kg: 5}")
    assert errors_of(text) == [
        "12: options.step.default: 30 is not between 5 and 20 lb",
        "13: options.share: no part of the program uses this option: use it as {option: share} where a number goes, "
        "or remove it",
        "20: slots.squat.initial.percent.option: unknown option 'shares'; the options are step, share",
    ]


def test_every_value_an_option_allows_must_make_a_valid_program():
    """A 0 in values is refused by the schema once written in, naming the value."""
    text = tiny().replace("values: [80, 90]", "values: [0, 90]")
    assert any("with share = 0:" in error for error in errors_of(text))


def test_a_block_repeats_its_weeks_as_many_times_as_chosen():
    text = TINY.replace("inputs:", "options:\n  blocks: {minimum: 1, maximum: 3, default: 2}\n\ninputs:", 1)
    text = text.replace("""  weeks:
    - {days: [a, b]}
    - {days: [a, b]}""", """  weeks:
    - repeat: {option: blocks}
      label: Base
      weeks: [{days: [a, b]}]
    - {label: Test, days: [a]}""")
    program = load_program_text(text, "tiny-linear.yaml")
    assert [w.label for w in program.schedule.weeks] == ["Base (1 of 2)", "Base (2 of 2)", "Test"]
    assert with_options(program, {"blocks": 3}).weeks_per_cycle == 4
    with pytest.raises(OptionRefused, match="a whole number from 1 to 3, not 1.5"):
        program.options["blocks"].choose(1.5, "lb")


def test_a_date_option_may_only_be_what_the_schedule_ends_on():
    text = TINY.replace("inputs:", "options:\n  meet: {date: true}\n\ninputs:", 1)
    text = text.replace("  after_cycle: repeat", "  after_cycle: end\n  ends_on: {option: meet}\n  shortest_entry: 2")
    program = load_program_text(text, "tiny-linear.yaml")
    assert program.schedule.ends_on is None  # no date given: no calendar
    misplaced = text.replace("{from: squat.work, round: nearest}", "{from: squat.work, percent: {option: meet}}")
    assert any("meet is a date: only schedule.ends_on may use it" in e for e in errors_of(misplaced))


def test_the_calendar_worked_by_hand():
    """A 2-week program ending on Saturday 2027-03-20, shortest entry 2 weeks."""
    text = TINY.replace("inputs:", "options:\n  meet: {date: true}\n\ninputs:", 1)
    text = text.replace("  after_cycle: repeat", "  after_cycle: end\n  ends_on: {option: meet}\n  shortest_entry: 2")
    program = with_options(load_program_text(text, "tiny-linear.yaml"), {"meet": "2027-03-20"})
    # 13 days out: 13 // 7 = 1 week after this one -> week 2 - 1 = 1.
    assert starting_week(program, date(2027, 3, 7)) == 1
    # 7 days out: still 1 whole week after this one -> week 1 (the earliest date allowed).
    assert starting_week(program, date(2027, 3, 13)) == 1
    # 6 days out: too close for 2 weeks; the earliest meet is today + 7.
    with pytest.raises(DateRefused, match="on or after 2027-03-21"):
        starting_week(program, date(2027, 3, 14))
    with pytest.raises(DateRefused, match="is in the past"):
        starting_week(program, date(2027, 3, 21))
    assert countdown(program, 1) == {"date": "2027-03-20", "week_ends_on": "2027-03-13", "days_out_at_week_end": 7,
                                     "label": "1 week out"}
    assert countdown(program, 2)["label"] == "the meet week"
