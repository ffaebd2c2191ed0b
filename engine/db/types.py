"""Column types that store the engine's values: ``workout_sessions.prescription`` holds a
``list[PrescribedSet]`` and hands one back.

The JSON is the shape rows have always had (one object per set: every ``PrescribedSet`` field,
weights and decimals as strings, the weights' ``unit`` beside them), so rows written before
this type existed load unchanged; fields a row lacks take the dataclass's default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.types import TypeDecorator

from ..programs import PrescribedSet, SetKind, Unit, Weight
from ..programs.model import Rest
from ..programs.plates import Loading

_WEIGHTS = ("weight", "exact_weight")
_DECIMALS = ("percent", "rpe", "stop_rpe")
_FIELDS = frozenset(f.name for f in dataclasses.fields(PrescribedSet))


def encode_set(prescribed: PrescribedSet) -> dict[str, Any]:
    data = dataclasses.asdict(prescribed)
    for key in _WEIGHTS:
        weight = getattr(prescribed, key)
        data[key] = None if weight is None else str(weight.value)
    data["unit"] = None if prescribed.unit is None else str(prescribed.unit)
    for key in _DECIMALS:
        data[key] = None if data[key] is None else str(data[key])
    data["kind"] = str(prescribed.kind)
    data["plates"] = None if prescribed.plates is None else prescribed.plates.to_json()
    return data


def decode_set(data: Mapping[str, Any]) -> PrescribedSet:
    values = {k: v for k, v in data.items() if k in _FIELDS}
    unit = data.get("unit") or Unit.LB
    for key in _WEIGHTS:
        values[key] = None if values.get(key) is None else Weight.of(values[key], unit)
    for key in _DECIMALS:
        if values.get(key) is not None:
            values[key] = Decimal(values[key])
    values["kind"] = SetKind(values["kind"])
    if values.get("plates") is not None:
        values["plates"] = Loading.from_json(values["plates"])
    if values.get("rest") is not None:
        values["rest"] = Rest(**values["rest"])
    return PrescribedSet(**values)


class Prescription(TypeDecorator):
    """A workout's prescribed sets, stored as JSON (the same on SQLite and PostgreSQL)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Sequence[PrescribedSet] | None, dialect) -> list[dict[str, Any]] | None:
        return None if value is None else [encode_set(s) for s in value]

    def process_result_value(self, value: Sequence[Mapping[str, Any]] | None, dialect) -> list[PrescribedSet] | None:
        return None if value is None else [decode_set(item) for item in value]
