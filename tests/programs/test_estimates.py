"""specs/estimates.yaml: which formula estimates a logged set, worked by hand, and a spec with a
mistake is refused with the mistake located."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.programs.estimates import load_estimates
from engine.spec_files import SpecErrors

ESTIMATES = load_estimates()


@pytest.mark.parametrize(("weight", "reps", "rpe", "expected"), [
    (225, 5, None, Decimal("262.5")),  # Epley: 225 x (30 + 5) / 30 = 262.5
    (100, 10, None, Decimal(400) / 3),  # 100 x 40 / 30 = 133.33...
    (300, 1, None, Decimal(300)),  # a single is its own max (Brzycki: 300 x 36 / 36)
    (60, 12, None, Decimal(84)),  # 60 x 42 / 30
    (60, 10, 8, Decimal(6000) / Decimal("68.0")),  # RPE chart: 10 reps at RPE 8 is 68.0%
    (200, 3, 10, Decimal(20000) / Decimal("92.2")),  # 3 reps at RPE 10 is 92.2% (index 4)
    (200, 3, 6, Decimal(200) * 33 / 30),  # RPE 6 is off the chart (6.5-10): Epley
])
def test_each_set_is_estimated_by_the_first_rule_that_applies(weight, reps, rpe, expected):
    assert ESTIMATES.e1rm(weight, reps, rpe) == expected


@pytest.mark.parametrize(("weight", "reps"), [(100, 13), (100, 0), (0, 5)])
def test_past_twelve_reps_or_with_nothing_lifted_there_is_no_estimate(weight, reps):
    assert ESTIMATES.e1rm(weight, reps) is None


def test_a_hard_set_is_rpe_7_or_more_or_without_an_rpe_70_percent_of_the_days_best():
    assert ESTIMATES.hard(100, Decimal(7), None) and not ESTIMATES.hard(100, Decimal("6.5"), None)
    assert ESTIMATES.hard(70, None, Decimal(100)) and not ESTIMATES.hard(Decimal("69.9"), None, Decimal(100))
    assert not ESTIMATES.hard(100, None, None)


def test_a_spec_with_mistakes_names_each_one(tmp_path):
    path = tmp_path / "estimates.yaml"
    path.write_text("schema_version: 1\nmax_reps: 12\nrules:\n  - formula: lander\n  - formula: epley\n"
                    "    reps: [10, 2]\nhard_set: {min_rpe: 7, min_percent_of_day_e1rm: 70}\n", encoding="utf-8")
    with pytest.raises(SpecErrors) as raised:
        load_estimates.__wrapped__(path)
    text = str(raised.value)
    assert "lander" in text and "estimates.yaml:4" in text and "low end is above the high end" in text
