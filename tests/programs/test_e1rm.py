"""e1RM formulas and the pinned RPE chart of programs-detail.md 2.4."""

from decimal import Decimal

import pytest

from engine.programs.e1rm import RPE_CHART, estimate_max, rpe_chart_percent, weight_for_reps

D = Decimal

# The full table of programs-detail.md 2.4, row by row: a test pins every cell.
CHART_ROWS = {
    "10": "100.0 95.5 92.2 89.2 86.3 83.7 81.1 78.6 76.2 73.9 70.7 68.0",
    "9.5": "97.8 93.9 90.7 87.8 85.0 82.4 79.9 77.4 75.1 72.3 69.4 66.7",
    "9": "95.5 92.2 89.2 86.3 83.7 81.1 78.6 76.2 73.9 70.7 68.0 65.3",
    "8.5": "93.9 90.7 87.8 85.0 82.4 79.9 77.4 75.1 72.3 69.4 66.7 64.0",
    "8": "92.2 89.2 86.3 83.7 81.1 78.6 76.2 73.9 70.7 68.0 65.3 62.6",
    "7.5": "90.7 87.8 85.0 82.4 79.9 77.4 75.1 72.3 69.4 66.7 64.0 61.3",
    "7": "89.2 86.3 83.7 81.1 78.6 76.2 73.9 70.7 68.0 65.3 62.6 59.9",
    "6.5": "87.8 85.0 82.4 79.9 77.4 75.1 72.3 69.4 66.7 64.0 61.3 58.6",
}


def test_every_cell_of_the_rpe_chart_is_pinned():
    for rpe, row in CHART_ROWS.items():
        for reps, percent in enumerate(row.split(), start=1):
            assert rpe_chart_percent(reps, D(rpe)) == D(percent), (reps, rpe)
    assert len(RPE_CHART) == 30


@pytest.mark.parametrize("reps, rpe", [(0, 8), (13, 8), (5, 6), (5, "8.3")])
def test_outside_the_chart_is_an_error(reps, rpe):
    with pytest.raises(ValueError):
        rpe_chart_percent(reps, D(str(rpe)))


def test_epley_and_its_0333_variant():
    assert estimate_max(300, 5, "epley") == D(350)
    # CAP3 worked example: 320 x 5 -> 373.3; 320 x 8 -> 405.2 (Epley 0.0333).
    assert estimate_max(320, 5, "epley_0333").quantize(D("0.1")) == D("373.3")
    assert estimate_max(320, 8, "epley_0333").quantize(D("0.1")) == D("405.2")


def test_brzycki():
    assert estimate_max(200, 5, "brzycki") == D(225)
    assert estimate_max(200, 1, "brzycki") == D(200)
    # nRM from a 1RM: 1RM x (37 - n) / 36; 300 -> 266.7 (the 0.8888 form gives 266.64).
    assert weight_for_reps(300, 5, "brzycki").quantize(D("0.1")) == D("266.7")


def test_rpe_chart_estimate_rts_example():
    # RTS worked example: 255 x 3 @ 8 -> 255 / 0.863 = 295.5.
    assert estimate_max(255, 3, "rpe_chart", 8).quantize(D("0.1")) == D("295.5")
    assert weight_for_reps(300, 5, "rpe_chart", 8) == D("243.3")


def test_cap3_target_load():
    # CAP3: a 12-rep target from a 180 TM is 180 / (0.995 + 0.0333 x 12) = 129.1.
    assert weight_for_reps(180, 12, "cap3").quantize(D("0.1")) == D("129.1")
