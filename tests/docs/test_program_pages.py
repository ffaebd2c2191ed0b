"""The generated program pages (docs/programs/<slug>.md): contents worked by hand; that the
committed pages are current is tests/docs/test_generated_docs.py (`powerpro docs --check`)."""

from __future__ import annotations

from cli.docs import DOCS
from cli.program_pages import render
from engine.programs import load_programs


def test_starting_strength_page_has_inputs_rules_diagram_and_first_week():
    page = render(load_programs()["starting-strength"])
    assert "| `squat.work` | squat | work weight | yes |" in page
    assert "- **add-weight** (linear):" in page and "![The progression rules of Starting Strength]" in page
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


def test_every_program_has_its_page_and_diagram_committed():
    for slug in load_programs():
        for suffix in (".md", ".dot", ".svg"):
            assert (DOCS / "programs" / f"{slug}{suffix}").is_file(), slug + suffix
