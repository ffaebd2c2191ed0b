"""Estimated maxes: e1RM formulas and the RPE chart (programs-detail.md sections 2.3 and 2.4).

The chart is pinned here, once: RTS loads, Calgary e1RM estimates and RPE-based max updates
all read it, so a lifter never sees two charts disagree.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from engine.programs.units import Number, to_decimal

# Percent of 1RM, indexed in half steps by ``reps + (10 - RPE)``: index 0 is 1 rep at RPE 10.
# This is the Tuchscherer (RTS) chart of programs-detail.md 2.4, row RPE 10 then RPE 9.5...
RPE_CHART = tuple(
    Decimal(x)
    for x in (
        *("100", "97.8", "95.5", "93.9", "92.2", "90.7", "89.2", "87.8", "86.3", "85.0"),
        *("83.7", "82.4", "81.1", "79.9", "78.6", "77.4", "76.2", "75.1", "73.9", "72.3"),
        *("70.7", "69.4", "68.0", "66.7", "65.3", "64.0", "62.6", "61.3", "59.9", "58.6"),
    )
)
RPE_MIN, RPE_MAX = Decimal("6.5"), Decimal(10)
CHART_MAX_REPS = 12


class Formula(StrEnum):
    EPLEY = "epley"  # w * (1 + r/30)
    EPLEY_0333 = "epley_0333"  # w * (1 + 0.0333 r): CAP3 and Inverted Juggernaut spreadsheets
    BRZYCKI = "brzycki"  # w * 36 / (37 - r)
    CAP3_TARGET = "cap3"  # CAP3 secondary lifts: load for n reps = TM / (0.995 + 0.0333 n)
    RPE_CHART = "rpe_chart"  # w / chart%(r, RPE)


def rpe_chart_percent(reps: int, rpe: Number) -> Decimal:
    """Percent of 1RM that ``reps`` at ``rpe`` corresponds to (RPE 6.5-10 in half steps, 1-12 reps)."""
    rpe = to_decimal(rpe)
    if not 1 <= reps <= CHART_MAX_REPS:
        raise ValueError(f"the RPE chart covers 1-{CHART_MAX_REPS} reps, not {reps}")
    if not RPE_MIN <= rpe <= RPE_MAX or (rpe * 2) % 1:
        raise ValueError(f"the RPE chart covers RPE 6.5-10 in half steps, not {rpe}")
    return RPE_CHART[int((reps - 1 + (RPE_MAX - rpe)) * 2)]


def _ratio(formula: Formula, reps: int, rpe: Number | None) -> tuple[Decimal, Decimal]:
    """e1RM = weight x numerator / denominator; kept as a fraction so both directions stay exact."""
    if formula is Formula.EPLEY:
        return Decimal(30 + reps), Decimal(30)
    if formula is Formula.EPLEY_0333:
        return 1 + Decimal("0.0333") * reps, Decimal(1)
    if formula is Formula.BRZYCKI:
        if reps >= 37:
            raise ValueError("Brzycki is undefined at 37 reps or more")
        return Decimal(36), Decimal(37 - reps)
    if formula is Formula.CAP3_TARGET:
        return Decimal("0.995") + Decimal("0.0333") * reps, Decimal(1)
    if rpe is None:
        raise ValueError("the RPE chart needs an RPE")
    return Decimal(100), rpe_chart_percent(reps, rpe)


def estimate_max(weight: Number, reps: int, formula: Formula | str, rpe: Number | None = None) -> Decimal:
    """The estimated one-rep max of ``weight`` lifted ``reps`` times (at ``rpe`` for the chart)."""
    numerator, denominator = _ratio(Formula(formula), reps, rpe)
    return to_decimal(weight) * numerator / denominator


def weight_for_reps(max_weight: Number, reps: int, formula: Formula | str, rpe: Number | None = None) -> Decimal:
    """The inverse: the load that a max of ``max_weight`` allows for ``reps`` (at ``rpe``)."""
    numerator, denominator = _ratio(Formula(formula), reps, rpe)
    return to_decimal(max_weight) * denominator / numerator
