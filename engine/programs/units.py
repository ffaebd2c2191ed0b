"""Weights in pounds or kilograms, kept exact: Decimal values and the exact pound.

A weight never travels as a bare number: it carries its unit, so a slot kept in pounds can
be prescribed to a lifter who trains in kilograms without losing anything on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from enum import StrEnum

# The international pound is defined as exactly 0.45359237 kg (1959 agreement).
KG_PER_LB = Decimal("0.45359237")
# Slot weights are stored as NUMERIC(10, 3); keeping three decimals keeps a 90% TM of
# 137.5 kg (123.75) exact while making every stored value representable.
STORAGE_QUANTUM = Decimal("0.001")

Number = int | float | str | Decimal


class Unit(StrEnum):
    LB = "lb"
    KG = "kg"


_BY_VALUE = {unit.value: unit for unit in Unit}


def as_unit(unit: Unit | str) -> Unit:
    """``Unit(unit)`` without the enum's lookup (every step of every load, every weight read):
    a unit or its text is found by value, anything else is the enum's to refuse."""
    if type(unit) is Unit:
        return unit
    found = _BY_VALUE.get(unit) if type(unit) is str else None
    return Unit(unit) if found is None else found


def to_decimal(value: Number) -> Decimal:
    """A Decimal from YAML or JSON input; floats go through their shortest repr so 62.5 stays 62.5."""
    if type(value) is Decimal:  # the engine's own values: no check to make
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


@dataclass(frozen=True)
class Amount:
    """One quantity per unit (an increment, a bar): 5 lb is not converted to 2.27 kg but to 2.5 kg."""

    lb: Decimal
    kg: Decimal

    @classmethod
    def of(cls, lb: Number, kg: Number) -> Amount:
        return cls(to_decimal(lb), to_decimal(kg))

    def in_unit(self, unit: Unit | str) -> Decimal:
        if unit is Unit.LB or unit is Unit.KG:  # a unit itself, the common case: no lookup
            return self.lb if unit is Unit.LB else self.kg
        return self.lb if as_unit(unit) is Unit.LB else self.kg

    def scaled(self, factor: Number) -> Amount:
        factor = to_decimal(factor)
        return Amount(self.lb * factor, self.kg * factor)


DEFAULT_INCREMENT = Amount.of(5, "2.5")
EMPTY_BAR = Amount.of(45, 20)


@dataclass(frozen=True)
class Weight:
    value: Decimal
    unit: Unit

    @classmethod
    def of(cls, value: Number, unit: Unit | str) -> Weight:
        return cls(to_decimal(value), as_unit(unit))

    def to(self, unit: Unit | str) -> Weight:
        if unit is self.unit:  # a unit itself, the common case: no lookup
            return self
        unit = as_unit(unit)
        if unit is self.unit:
            return self
        with localcontext() as ctx:
            ctx.prec = 34  # a kg -> lb division does not terminate; keep far more digits than plates need
            value = self.value * KG_PER_LB if self.unit is Unit.LB else self.value / KG_PER_LB
        return Weight(value, unit)

    def plus(self, amount: Amount) -> Weight:
        return Weight(self.value + amount.in_unit(self.unit), self.unit)

    def times(self, factor: Number) -> Weight:
        return Weight(self.value * to_decimal(factor), self.unit)

    def percent(self, percent: Number) -> Weight:
        return Weight(self.value * to_decimal(percent) / 100, self.unit)

    def stored(self) -> Weight:
        """The weight as the database keeps it (three decimals, halves up)."""
        return Weight(self.value.quantize(STORAGE_QUANTUM, rounding=ROUND_HALF_UP), self.unit)

    def to_json(self) -> dict[str, str]:
        return {"value": format_decimal(self.value), "unit": self.unit.value}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Weight:
        return cls.of(data["value"], data["unit"])

    def __str__(self) -> str:
        return f"{format_decimal(self.value)} {self.unit.value}"


def format_decimal(value: Decimal) -> str:
    """``Decimal('135.000')`` -> ``'135'``; ``Decimal('1E+2')`` -> ``'100'`` (never exponents)."""
    return format(value.normalize(), "f")
