"""Answers in the user's unit: every weight shown is converted to the unit they chose.

Weights are stored in the unit they were entered, logged or prescribed in, and stay so
(PATCH /users/me changes what is shown, never what is stored). An answer carries each weight
beside its ``unit``: an object whose ``unit`` is ``lb`` or ``kg`` has its weight members
(``WEIGHT_MEMBERS``) converted exactly (1 lb = 0.45359237 kg) and kept to the three decimals
the database stores, and ``delta`` is recomputed from the converted values so that it stays
``new - previous``. Loads prescribed from now on are rounded to the plates of the new unit
(``engine/programs/prescribe.py``); a converted past weight is not rounded: 135 lb was lifted,
not 61.25 kg. The transition log's ``payload`` is shown as recorded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..programs.units import Unit, Weight, format_decimal
from .rendering import LEAVES, plain

WEIGHT_MEMBERS = ("weight", "previous", "new", "e1rm", "volume")  # a volume is weight x reps: it converts alike
AS_RECORDED = frozenset({"payload"})
_UNITS = frozenset(unit.value for unit in Unit)


def in_unit(answer: Any, unit: str) -> Any:
    """``answer`` (JSON-like: dicts, lists, numbers) with every weight in ``unit``."""
    if isinstance(answer, list):
        return [in_unit(item, unit) if isinstance(item, dict | list) else item for item in answer]
    if not isinstance(answer, dict):
        return answer
    # Only the containers are walked into: a leaf is kept as it is (the weights are done below).
    out = {key: in_unit(value, unit) if isinstance(value, dict | list) and key not in AS_RECORDED else value
           for key, value in answer.items()}
    source = out.get("unit")
    if source not in _UNITS or source == unit:
        return out
    for key in WEIGHT_MEMBERS:
        if _is_number(out.get(key)):
            out[key] = convert(out[key], source, unit)
    if _is_number(out.get("delta")):
        previous, new = out.get("previous"), out.get("new")
        both = _is_number(previous) and _is_number(new)
        out["delta"] = _plain(Decimal(new) - Decimal(previous)) if both else convert(out["delta"], source, unit)
    out["unit"] = unit
    return out


def as_stored(answer: Any, unit: str) -> Any:
    """``answer`` as a stored answer holds it: every weight in ``unit``, every value plain JSON.

    ``plain(in_unit(answer, unit))``, in one walk where nothing is converted (an answer is
    stored on every write; the second walk copied the whole tree again)."""
    if isinstance(answer, list):
        return [item if type(item) in LEAVES else as_stored(item, unit) for item in answer]
    if not isinstance(answer, dict):
        return plain(answer)
    source = answer.get("unit")
    if source in _UNITS and source != unit:
        return plain(in_unit(answer, unit))  # weights to convert here: the two walks, as defined
    return {key: value if type(value) in LEAVES else plain(value) if key in AS_RECORDED else as_stored(value, unit)
            for key, value in answer.items()}


def convert(value: int | float | Decimal, source: str, unit: str) -> Decimal:
    """``value`` in ``source`` as a plain Decimal in ``unit``, to the stored three decimals."""
    return _plain(Weight.of(value, source).to(unit).stored().value)


def _plain(value: Decimal) -> Decimal:
    return Decimal(format_decimal(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
