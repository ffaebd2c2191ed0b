"""Column types that store the engine's values: ``workout_sessions.prescription`` takes a
sequence of ``PrescribedSet`` and hands back a ``PrescribedSets``, which decodes a set when it is
first read: a log-set reads the one set it logs, not the workout's every set.

The JSON is the shape rows have always had (one object per set: every ``PrescribedSet`` field,
weights and decimals as strings, the weights' ``unit`` beside them), so rows written before
this type existed load unchanged; fields a row lacks take the dataclass's default.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
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


class PrescribedSets(Sequence[PrescribedSet]):
    """A workout's prescribed sets as stored, each decoded on first read (then kept). Equal to any
    sequence of the same sets, as the list it stands for."""

    __slots__ = ("_stored", "_decoded")

    def __init__(self, stored: Sequence[Mapping[str, Any]]) -> None:
        self._stored = list(stored)
        self._decoded: list[PrescribedSet | None] = [None] * len(self._stored)

    def __len__(self) -> int:
        return len(self._stored)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._decoded[index]
        if found is None:
            found = self._decoded[index] = decode_set(self._stored[index])
        return found

    def __iter__(self) -> Iterator[PrescribedSet]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # a list's stand-in: not hashable

    def __repr__(self) -> str:
        return f"PrescribedSets({list(self)!r})"

    def set_index_at(self, position: int) -> int:
        """The set index of the set at ``position``, without decoding it."""
        found = self._decoded[position]
        return found.set_index if found is not None else self._stored[position]["set_index"]

    def encoded(self) -> list[dict[str, Any]]:
        # A set never read is written back as it was read.
        pairs = zip(self._stored, self._decoded, strict=True)
        return [dict(raw) if found is None else encode_set(found) for raw, found in pairs]


def set_index_at(sets: Sequence[PrescribedSet], position: int) -> int:
    """The set index at ``position`` of a prescription, decoding nothing of a stored one."""
    return sets.set_index_at(position) if isinstance(sets, PrescribedSets) else sets[position].set_index


class Prescription(TypeDecorator):
    """A workout's prescribed sets, stored as JSON (the same on SQLite and PostgreSQL)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: Sequence[PrescribedSet] | None, dialect) -> list[dict[str, Any]] | None:
        if isinstance(value, PrescribedSets):
            return value.encoded()
        return None if value is None else [encode_set(s) for s in value]

    def process_result_value(self, value: Sequence[Mapping[str, Any]] | None, dialect) -> PrescribedSets | None:
        return None if value is None else PrescribedSets(value)
