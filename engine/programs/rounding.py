"""Rounding a load to what the plates can make: nearest (halves up), floor or ceil.

Python's ``round`` rounds halves to even (``round(2.5) == 2``), which would turn a 62.5 lb
step into 60 one time and 65 the next; every rounding here goes through Decimal with an
explicit mode instead.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from engine.programs.units import Amount, Unit, Weight

_DECIMAL_MODES = {"nearest": ROUND_HALF_UP, "floor": ROUND_FLOOR, "ceil": ROUND_CEILING}


class RoundingMode(StrEnum):
    NEAREST = "nearest"
    FLOOR = "floor"
    CEIL = "ceil"


# Weights are stored with three decimals (the database's precision): a max re-estimated as
# 335 / 0.837 is kept as 400.239, and 83.7% of it is 335.000043, not 335. Loads are taken to that
# precision before they are rounded to plates, so such a residue never turns a ceil into the next
# plate up (340) or a floor into the one below.
WEIGHT_PRECISION = Decimal("0.001")


def round_to(value: Decimal, increment: Decimal, mode: RoundingMode | str = RoundingMode.NEAREST) -> Decimal:
    """``value`` (to three decimals) to a multiple of ``increment``; nearest rounds exact halves up."""
    if increment <= 0:
        raise ValueError(f"rounding increment must be positive, got {increment}")
    value = value.quantize(WEIGHT_PRECISION, rounding=ROUND_HALF_UP)
    mode = mode if type(mode) is RoundingMode else RoundingMode(mode)
    steps = (value / increment).quantize(Decimal(1), rounding=_DECIMAL_MODES[mode])
    return steps * increment


def round_weight(
    weight: Weight,
    increment: Amount,
    mode: RoundingMode | str = RoundingMode.NEAREST,
    minimum: Amount | None = None,
) -> Weight:
    """``weight`` rounded in its own unit, and never below ``minimum`` (the empty bar for barbell lifts)."""
    value = round_to(weight.value, increment.in_unit(weight.unit), mode)
    if minimum is not None:
        value = max(value, minimum.in_unit(weight.unit))
    return Weight(value, weight.unit)


def round_in_unit(
    weight: Weight,
    unit: Unit | str,
    increment: Amount,
    mode: RoundingMode | str = RoundingMode.NEAREST,
    minimum: Amount | None = None,
) -> Weight:
    """Convert exactly first, round last: rounding before converting would round twice."""
    return round_weight(weight.to(unit), increment, mode, minimum)
