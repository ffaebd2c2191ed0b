"""Typed values from the fields of a schema-valid program mapping: amounts, decimals, rounding modes.

Shared by parse.py and the rule families' parsers; an absent field reads as None.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from engine.programs.model import Rest
from engine.programs.rounding import RoundingMode
from engine.programs.units import Amount, to_decimal


def amount(raw: Mapping[str, Any] | None) -> Amount | None:
    return None if raw is None else Amount.of(raw["lb"], raw["kg"])


def decimal(raw: Any) -> Decimal | None:
    return None if raw is None else to_decimal(raw)


def mode(raw: str | None) -> RoundingMode | None:
    return None if raw is None else RoundingMode(raw)


def rest(raw: int | Mapping[str, int] | None) -> Rest | None:
    """``rest: 120`` or ``rest: {min: 180, max: 300}`` (seconds)."""
    if raw is None:
        return None
    return Rest(raw, raw) if isinstance(raw, int) else Rest(raw["min"], raw["max"])
