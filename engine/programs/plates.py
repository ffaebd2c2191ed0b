"""Plates: what a lifter can load on their bar, and the per-side breakdown of a prescribed load.

A lifter's equipment (``PUT /users/me/equipment``) is their bar and the plates they own, per
unit, with counts (a plate goes on one side: 8 plates of 45 lb load at most 4 a side), and
whether they own microplates (a pair of each of ``MICROPLATES``). Without one, a standard gym's:
a 45 lb / 20 kg bar and ``STANDARD_PLATES``, no microplates.

A program's load the lifter's plates cannot make (2.5 lb steps with 2.5 lb plates, whose
smallest pair adds 5 lb) is rounded to the nearest load they can make, an exact half going up:
it is never above the prescription by more than half of their step. The set says so
(``Loading.adjusted``). Weights are exact Decimals; the search is over integer multiples of
the plates' common quantum, so no float ever decides a load.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from math import gcd
from typing import Any

from engine.programs.units import EMPTY_BAR, Unit, as_unit, format_decimal, to_decimal

# A standard gym's plates, with counts (both sides together): what a lifter gets by default.
STANDARD_PLATES: Mapping[Unit, tuple[tuple[Decimal, int], ...]] = {
    Unit.LB: tuple((Decimal(p), n) for p, n in (("45", 12), ("35", 2), ("25", 2), ("10", 4), ("5", 2), ("2.5", 2))),
    Unit.KG: tuple((Decimal(p), n) for p, n in (("25", 12), ("20", 2), ("15", 2), ("10", 2), ("5", 2),
                                                 ("2.5", 2), ("1.25", 2))),
}
# Fractional plates, a pair of each when the lifter says they own microplates.
MICROPLATES: Mapping[Unit, tuple[Decimal, ...]] = {
    Unit.LB: tuple(Decimal(p) for p in ("1.25", "1", "0.5", "0.25")),
    Unit.KG: tuple(Decimal(p) for p in ("1", "0.5", "0.25")),
}
MAX_PLATE_COUNT = 100  # of one size; more is a typing mistake, and the search stays small
# The heaviest load one side is ever searched for, in either unit: above any program's load
# (maxes stop at 2,000), and what bounds the search whatever plates a lifter declares.
MAX_SIDE = Decimal(2000)


@dataclass(frozen=True)
class Equipment:
    """A bar per unit and the plates owned per unit as ``(plate, count)`` pairs, heaviest first."""

    bar: Mapping[Unit, Decimal] = field(default_factory=lambda: {u: EMPTY_BAR.in_unit(u) for u in Unit})
    plates: Mapping[Unit, tuple[tuple[Decimal, int], ...]] = field(default_factory=lambda: dict(STANDARD_PLATES))
    microplates: bool = False

    def per_side(self, unit: Unit | str) -> tuple[tuple[Decimal, int], ...]:
        """The plates one side can take, heaviest first, microplates included when owned."""
        unit = Unit(unit)
        counts: dict[Decimal, int] = {}
        for plate, count in self.plates.get(unit, ()):
            counts[plate] = counts.get(plate, 0) + count
        if self.microplates:
            for plate in MICROPLATES[unit]:
                counts[plate] = counts.get(plate, 0) + 2
        return tuple((plate, counts[plate] // 2) for plate in sorted(counts, reverse=True) if counts[plate] >= 2)

    def to_json(self) -> dict[str, Any]:
        return {
            "bar": {u.value: _number(self.bar[u]) for u in Unit},
            "plates": {u.value: [{"weight": _number(p), "count": n} for p, n in self.plates.get(u, ())] for u in Unit},
            "microplates": self.microplates,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Equipment:
        """Stored or sent equipment; a member left out takes the default."""
        default = cls()
        if not data:
            return default
        bar = {**default.bar, **{Unit(u): to_decimal(v) for u, v in (data.get("bar") or {}).items()}}
        plates = dict(default.plates)
        for unit, items in (data.get("plates") or {}).items():
            plates[Unit(unit)] = tuple(sorted(((to_decimal(i["weight"]), int(i["count"])) for i in items),
                                              key=lambda pair: -pair[0]))
        return cls(bar, plates, bool(data.get("microplates", False)))

    def key(self, unit: Unit) -> tuple:
        """The bar and each side's plates in ``unit``: all a load depends on (worked out once)."""
        keys = self.__dict__.setdefault("_keys", {})  # frozen: a cache beside the fields, not one of them
        if unit not in keys:
            keys[unit] = (self.bar[unit], self.per_side(unit))
        return keys[unit]


DEFAULT_EQUIPMENT = Equipment()


@dataclass(frozen=True)
class Loading:
    """How to load a barbell set: the bar, the plates on each side, and whether the program's
    load had to change for these plates (``program_weight`` is what the program prescribed)."""

    bar: Decimal
    per_side: tuple[tuple[Decimal, int], ...]  # (plate, how many on each side), heaviest first
    program_weight: Decimal
    adjusted: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "bar": str(self.bar),
            "per_side": [[str(p), n] for p, n in self.per_side],
            "program_weight": str(self.program_weight),
            "adjusted": self.adjusted,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Loading:
        return cls(Decimal(data["bar"]), tuple((Decimal(p), int(n)) for p, n in data["per_side"]),
                   Decimal(data["program_weight"]), bool(data["adjusted"]))

    def total(self) -> Decimal:
        return self.bar + 2 * sum((p * n for p, n in self.per_side), Decimal(0))


def load(program_weight: Decimal, unit: Unit | str, equipment: Equipment = DEFAULT_EQUIPMENT) -> Loading:
    """The nearest load to ``program_weight`` these plates make (an exact half: the heavier),
    with its per-side breakdown; below the bar: the empty bar; above all plates: all of them."""
    # Equal Decimals share a cache entry (100 == 100.0) but not their text: the answer carries
    # the caller's own program weight, so a stored set never reads "100.0" for "100".
    found = _load(program_weight, *equipment.key(as_unit(unit)))
    if found.program_weight is not program_weight and found.program_weight.as_tuple() != program_weight.as_tuple():
        found = Loading(found.bar, found.per_side, program_weight, found.adjusted)
    return found


@lru_cache(maxsize=4096)
def _load(program_weight: Decimal, bar: Decimal, sides: tuple[tuple[Decimal, int], ...]) -> Loading:
    sums, quantum = _side_sums(sides)
    wanted = (program_weight - bar) / 2 / quantum  # per side, in quanta (may be fractional)
    best = _nearest(sums, wanted)
    return Loading(bar, _breakdown(best * quantum, sides), program_weight,
                   adjusted=bar + 2 * best * quantum != program_weight)


def _nearest(sums: int, wanted: Decimal) -> int:
    """The sum in ``sums`` (a bit set) nearest to ``wanted``, a tie going up; 0 below them all."""
    floor = min(math.floor(wanted), sums.bit_length() - 1)
    below = (sums & ((2 << floor) - 1)).bit_length() - 1 if floor >= 0 else -1  # the highest at or under
    ceiling = max(math.ceil(wanted), 0)
    upper = sums >> ceiling
    above = ceiling + (upper & -upper).bit_length() - 1 if upper else None  # the lowest at or over
    candidates = [s for s in (below, above) if s is not None and s >= 0]
    return min(candidates, key=lambda s: (abs(s - wanted), -s))


@lru_cache(maxsize=64)  # at most 2,000,001 bits each: a bounded memory whatever lifters declare
def _side_sums(sides: tuple[tuple[Decimal, int], ...]) -> tuple[int, Decimal]:
    """Every per-side sum the plates make up to ``MAX_SIDE``, in multiples of their common
    quantum, as a bit set (bit n: n quanta can be loaded). Shifting one integer by each plate's
    step, in doubling counts, is a bounded knapsack in a few big-number operations: odd plates
    (thousandths) and many sizes cost milliseconds, where listing every sum grew without limit."""
    quantum = _quantum(tuple(p for p, _ in sides))
    within = (1 << (int(MAX_SIDE / quantum) + 1)) - 1
    sums = 1
    for plate, count in sides:
        step, left, take = int(plate / quantum), min(count, MAX_PLATE_COUNT), 1
        while left:
            take = min(take, left)
            sums |= (sums << step * take) & within
            left -= take
            take *= 2
    return sums, quantum


def _quantum(plates: tuple[Decimal, ...]) -> Decimal:
    """The largest decimal step every plate is a whole multiple of (2.5 and 1.25 -> 1.25)."""
    if not plates:
        return Decimal(1)
    scale = max(-p.normalize().as_tuple().exponent for p in plates)
    factor = Decimal(10) ** max(scale, 0)
    common = 0
    for plate in plates:
        common = gcd(common, int(plate * factor))
    return Decimal(common) / factor


def _breakdown(per_side: Decimal, sides: tuple[tuple[Decimal, int], ...]) -> tuple[tuple[Decimal, int], ...]:
    """``per_side`` as plates, heaviest first: as many of each size as still leaves a remainder
    the lighter plates can make (a plain greedy pass fails with 35s and 25s)."""
    out = []
    remaining = per_side
    for index, (plate, count) in enumerate(sides):
        lighter, quantum = _side_sums(sides[index + 1:])
        for k in range(min(count, int(remaining / plate)), -1, -1):
            rest = remaining - k * plate
            if rest % quantum == 0 and lighter >> int(rest / quantum) & 1:
                if k:
                    out.append((plate, k))
                remaining = rest
                break
    return tuple(out)


def _number(value: Decimal) -> int | float:
    text = format_decimal(value)
    return int(text) if "." not in text else float(text)
