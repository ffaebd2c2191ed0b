"""The generated program pages (docs/programs/<slug>.md): contents worked by hand; that the
committed pages are current is tests/docs/test_generated_docs.py (`powerpro docs --check`).

The week-by-week table is computed for the inputs of the program's first worked example
(unit, maxes, options), and for sample inputs only when the program has no example."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.docs import DOCS
from cli.program_pages import render, table_inputs
from engine.config import PROJECT_ROOT
from engine.programs import load_lifts, load_program, load_programs

SPECS = PROJECT_ROOT / "specs"


@pytest.fixture(scope="module")
def programs():
    return load_programs()


def a_copy(tmp_path: Path, slug: str, examples: str | None) -> Path:
    """specs/programs/<slug>.yaml under tmp_path with its examples replaced (None: left out)."""
    text = (SPECS / "programs" / f"{slug}.yaml").read_text(encoding="utf-8")
    text = text.split("\nexamples:")[0].rstrip("\n") + "\n"  # `examples:` is last in a program file
    path = tmp_path / f"{slug}.yaml"
    path.write_text(text + (examples or ""), encoding="utf-8")
    return path


def test_starting_strength_page_has_inputs_rules_diagram(programs):
    page = render(programs["starting-strength"])
    assert "| `squat.work` | squat | work weight | yes |" in page
    assert "- **add-weight** (linear):" in page and "![The progression rules of Starting Strength]" in page
    assert "## Options" not in page  # the program has none


def test_starting_strength_week_table_is_for_its_first_example_s_inputs(programs):
    page = render(programs["starting-strength"])
    # The example's work weights: squat 135, press 75, bench 115, deadlift 185 (lb).
    assert ('For the inputs of the example "a new lifter runs the first cycle (A/B/A, B/A/B) and starts the '
            'second": `squat.work` 135 lb, `overhead-press.work` 75 lb, `bench-press.work` 115 lb, '
            '`deadlift.work` 185 lb;') in page
    # Squat warm-ups first (floored to 5): the bar x5 x2, 40% of 135 = 54 -> 50, 60% 81 -> 80, 80% 108 -> 105.
    assert ("| 1 | Workout A | squat | 2 x 5 | 45 lb | warm-up; empty bar |\n"
            "|  |  | squat | 1 x 5 | 50 lb | warm-up; 40% of the first work set |\n"
            "|  |  | squat | 1 x 3 | 80 lb | warm-up; 60% of the first work set |\n"
            "|  |  | squat | 1 x 2 | 105 lb | warm-up; 80% of the first work set |\n"
            "|  |  | squat | 3 x 5 | 135 lb |") in page
    assert "|  |  | overhead-press | 3 x 5 | 75 lb |" in page
    assert "| 2 | Workout B | squat | 2 x 5 | 45 lb |" in page
    assert "|  |  | squat | 3 x 5 | 140 lb |" in page  # +5 lb after each session
    assert "|  |  | deadlift | 1 x 5 | 195 lb |" in page  # 185 + 10
    assert "| 3 | Workout B | squat | 2 x 5 | 45 lb |" in page  # week 2 day 3
    assert "|  |  | squat | 3 x 5 | 160 lb |" in page  # 135 + 5 x 5
    assert "|  |  | deadlift | 1 x 5 | 235 lb |" in page  # 185 + 5 x 10


def test_without_examples_the_table_uses_sample_inputs(tmp_path):
    program = load_program(a_copy(tmp_path, "starting-strength", None), load_lifts(SPECS / "lifts.yaml"))
    assert table_inputs(program).example is None
    page = render(program)
    assert "For sample inputs (the program has no worked example yet): `squat.work` 235 lb," in page
    # Sample work weights: 75% of the sample 1RM, floor 5 lb: squat 315 -> 236.25 -> 235, deadlift 405 -> 300.
    # Each lift's warm-ups first (floored to 5): squat 235, the bar x5 x2, 40% 94 -> 90, 60% 141 -> 140, 80% 188 -> 185.
    assert ("| 1 | Workout A | squat | 2 x 5 | 45 lb | warm-up; empty bar |\n"
            "|  |  | squat | 1 x 5 | 90 lb | warm-up; 40% of the first work set |\n"
            "|  |  | squat | 1 x 3 | 140 lb | warm-up; 60% of the first work set |\n"
            "|  |  | squat | 1 x 2 | 185 lb | warm-up; 80% of the first work set |\n"
            "|  |  | squat | 3 x 5 | 235 lb |") in page
    assert "| 2 | Workout B | squat | 2 x 5 | 45 lb |" in page
    assert "|  |  | squat | 3 x 5 | 240 lb |" in page  # +5 lb after the first session
    assert "|  |  | deadlift | 1 x 5 | 310 lb |" in page  # day 2: 300 + 10


EXAMPLE_WITH_OPTIONS = """
examples:
  - name: the 5/3/1 Forever training max
    options: {tm-percent: 85}
    scenario:
      unit: kg
      maxes: {squat.1rm: 200, deadlift.1rm: 200, bench-press.1rm: 100, overhead-press.1rm: 60}
    expect:
      - {at: 1/1/4, loads: {squat: ["1x5 @ 110", "1x5 @ 127.5", "1x5+ @ 145"]}}
"""


def test_the_first_example_s_unit_and_options_make_the_table(tmp_path):
    program = load_program(a_copy(tmp_path, "wendler-531-bbb", EXAMPLE_WITH_OPTIONS), load_lifts(SPECS / "lifts.yaml"))
    page = render(program)
    assert ('For the inputs of the example "the 5/3/1 Forever training max": `squat.1rm` 200 kg, `deadlift.1rm` '
            "200 kg, `bench-press.1rm` 100 kg, `overhead-press.1rm` 60 kg and the options `tm-percent` 85") in page
    # Squat TM 85% of 200 = 170 kg; week 1 is 65/75/85% of it: 110.5, 127.5, 144.5, to the nearest 2.5 kg.
    # Warm-ups first, 40/50/60% of the TM to the nearest 2.5 kg: 68 -> 67.5, 85, 102 -> 102.5.
    assert ("| 4 | Squat day | squat | 1 x 5 | 67.5 kg | warm-up; 40% of squat (training max) |\n"
            "|  |  | squat | 1 x 5 | 85 kg | warm-up; 50% of squat (training max) |\n"
            "|  |  | squat | 1 x 3 | 102.5 kg | warm-up; 60% of squat (training max) |\n"
            "|  |  | squat | 1 x 5 | 110 kg |") in page
    assert "|  |  | squat | 1 x 5 | 127.5 kg |" in page
    assert "|  |  | squat | 1 x 5+ | 145 kg |" in page


def test_options_are_listed_with_what_they_allow_and_their_default(programs):
    wendler = render(programs["wendler-531-bbb"])
    assert "## Options" in wendler
    assert "| `tm-percent` | 85, 90 | 90 | Training max as a percent of the 1RM" in wendler
    assert "options at their defaults" in wendler  # its first example chooses none
    smolov = render(programs["smolov-jr"])
    assert "| `weekly-add` | 5 to 20 lb / 2.5 to 10 kg | 10 lb / 5 kg |" in smolov


def test_every_program_has_its_page_and_diagram_committed(programs):
    for slug in programs:
        for suffix in (".md", ".dot", ".svg"):
            assert (DOCS / "programs" / f"{slug}{suffix}").is_file(), slug + suffix


SMOLOV_EXAMPLE = """
examples:
  - name: a smaller X
    options: {weekly-add: 5}
    scenario: {unit: lb, maxes: {squat.1rm: 300}}
    expect:
      - {at: 1/1/1, loads: {squat: "6x6 @ 210"}}
"""


def test_a_weight_option_is_in_the_example_s_unit_and_moves_the_later_weeks(tmp_path):
    program = load_program(a_copy(tmp_path, "smolov-jr", SMOLOV_EXAMPLE), load_lifts(SPECS / "lifts.yaml"))
    page = render(program)
    assert 'For the inputs of the example "a smaller X": `squat.1rm` 300 lb and the options `weekly-add` 5 lb;' in page
    # Week 1 day 1: 6 x 6 at 70% of 300 = 210; week 2 adds X = 5 lb: 215, week 3 2X: 220.
    assert "| 1 | 6x6 at 70% | squat | 6 x 6 | 210 lb |" in page
    assert "| 1 | 6x6 at 70% | squat | 6 x 6 | 215 lb |" in page
    assert "| 1 | 6x6 at 70% | squat | 6 x 6 | 220 lb |" in page
