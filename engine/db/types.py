"""Column types that store the engine's values: ``workout_sessions.prescription`` takes a
sequence of ``PrescribedSet`` and hands back a ``PrescribedSets``, which decodes a set when it is
first read: a log-set reads the one set it logs, not the workout's every set. The column is read
as its JSON text (``JSONText``) and cut before each set (each begins with its ``set_index``): a
set never read is never parsed.

The JSON is the shape rows have always had (one object per set: the ``PrescribedSet`` fields,
weights and decimals as strings, the weights' ``unit`` beside them), so rows written before
this type existed load unchanged. A field a row lacks takes the dataclass's default, so a field
at its default is not written (nor ``unit`` without a weight): most of a set's fields are, and
a prescription a third smaller is read (by every log-set) and written (by every start) faster.
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import Text, cast, type_coerce
from sqlalchemy.types import TypeDecorator, UserDefinedType

from ..json_codec import dumps, loads
from ..programs import PrescribedSet, SetKind, Unit, Weight
from ..programs.model import Rest
from ..programs.plates import Loading

_WEIGHTS = ("weight", "exact_weight")
_DECIMALS = ("percent", "rpe", "stop_rpe")
_NAMES = tuple(f.name for f in dataclasses.fields(PrescribedSet))  # in order: the JSON's keys, then "unit"
_FIELDS = frozenset(_NAMES)
_STORED_KEYS = _FIELDS | {"unit"}
_DEFAULTS = {f.name: f.default for f in dataclasses.fields(PrescribedSet) if f.default is not dataclasses.MISSING}
_DEFAULT_OF = tuple(f.default for f in dataclasses.fields(PrescribedSet))  # MISSING: a field always written
_values_of = operator.attrgetter(*_NAMES)


def encode_set(prescribed: PrescribedSet) -> dict[str, Any]:
    """The set's JSON object, built from its fields as ``dataclasses.asdict`` would give them (the
    same keys in the same order), less the fields at their default (``decode_set`` restores
    them), without its deep copy of every value: a start encodes some thirty sets, and the copy
    cost more than the rest of the encoding. Not kept per set: a start encodes sets never encoded
    before (the finish before it renders them, and stores none), so a cache by the kept sets'
    identity found nothing (bench/writes.py)."""
    # The defaults are None, False and "": identity finds them (a default not found is written,
    # which reads back the same).
    data = {name: value for name, value, default in zip(_NAMES, _values_of(prescribed), _DEFAULT_OF, strict=True)
            if value is not default}
    for key in _WEIGHTS:
        weight = data.get(key)
        if weight is not None:
            data[key] = str(weight.value)
    for key in _DECIMALS:
        if key in data:
            data[key] = str(data[key])
    data["kind"] = str(prescribed.kind)
    if "plates" in data:
        data["plates"] = prescribed.plates.to_json()
    if "rest" in data:
        data["rest"] = {"min": prescribed.rest.min, "max": prescribed.rest.max}  # as asdict gives a Rest
    unit = prescribed.unit
    if unit is not None:
        data["unit"] = str(unit)
    return data


def stored_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """A stored set's fields as its JSON holds them (weights and decimals as text, ``kind`` its
    value, ``plates`` and ``rest`` objects), a field it lacks (a row written before the field
    existed) its default; what is not a field (``unit``) left out."""
    if not _STORED_KEYS.issuperset(data):  # a key of no field (none is written now)
        data = {k: v for k, v in data.items() if k in _FIELDS}
    values = {**_DEFAULTS, **data}
    values.pop("unit", None)
    return values


def decode_set(data: Mapping[str, Any]) -> PrescribedSet:
    values = stored_fields(data)
    unit = data.get("unit") or Unit.LB
    for key in _WEIGHTS:
        values[key] = None if values.get(key) is None else Weight.of(values[key], unit)
    for key in _DECIMALS:
        if values[key] is not None:
            values[key] = Decimal(values[key])
    values["kind"] = SetKind(values["kind"])
    if values["plates"] is not None:
        values["plates"] = Loading.from_json(values["plates"])
    if values["rest"] is not None:
        values["rest"] = Rest(**values["rest"])
    return PrescribedSet(**values)


class PrescribedSets(Sequence[PrescribedSet]):
    """A workout's prescribed sets as stored, each decoded on first read (then kept). Equal to any
    sequence of the same sets, as the list it stands for. Each stored set is its JSON object, or
    its piece of the stored text (``from_text``), parsed only when read."""

    __slots__ = ("_stored", "_decoded", "_text")

    def __init__(self, stored: Sequence[Mapping[str, Any] | str], text: str | None = None) -> None:
        self._stored = list(stored)
        self._decoded: list[PrescribedSet | None] = [None] * len(self._stored)
        self._text = text  # the stored text the sets were cut from

    @classmethod
    def from_text(cls, text: str) -> PrescribedSets:
        """The sets of a stored prescription's JSON text, none parsed: the text is cut before
        each ``{"set_index":``. Every set has one ``set_index``, its first key as ``encode_set``
        writes it; a row written otherwise is parsed whole."""
        pieces = text.split(SET_START)
        if pieces[0] != "[" or text.count(_INDEX_KEY) != len(pieces) - 1:
            return cls(loads(text))
        return cls(pieces[1:], text)

    def __len__(self) -> int:
        return len(self._stored)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        found = self._decoded[index]
        if found is None:
            found = self._decoded[index] = decode_set(self._json(index))
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

    def _json(self, position: int) -> Mapping[str, Any]:
        stored = self._stored[position]
        return loads(_set_text(stored)) if isinstance(stored, str) else stored

    def set_index_at(self, position: int) -> int:
        """The set index of the set at ``position``, without decoding it (a decoded set has the
        index it was decoded from): a set's piece begins with it."""
        stored = self._stored[position]
        if isinstance(stored, str):
            return int(stored[:stored.find(",")])
        return stored["set_index"]

    def fields_at(self, position: int) -> dict[str, Any]:
        """The stored fields of the set at ``position`` (``stored_fields``), without decoding it."""
        return stored_fields(self._json(position))

    def encoded(self) -> str:
        """The JSON text stored: a set never read is written back as it was read."""
        if self._text is not None and not any(self._decoded):
            return self._text
        pairs = zip(self._stored, self._decoded, strict=True)
        sets = [(_set_text(raw) if isinstance(raw, str) else dumps(raw)) if found is None else dumps(encode_set(found))
                for raw, found in pairs]
        return "[" + ",".join(sets) + "]"


SET_START = '{"set_index":'  # a prescribed set's JSON text begins so (encode_set), as a shown set's (rendering)
_INDEX_KEY = '"set_index":'


def _set_text(piece: str) -> str:
    """A set's JSON text from its piece of the stored text: what follows ``{"set_index":`` up
    to the next, less what follows the set (``,`` or ``]``, and the spaces of rows the standard
    library's encoder wrote: ``}, {``)."""
    return SET_START + piece.rstrip(_AFTER_SET)


_AFTER_SET = ",] \t\r\n"  # a set's text ends with its "}"


def set_index_at(sets: Sequence[PrescribedSet], position: int) -> int:
    """The set index at ``position`` of a prescription, decoding nothing of a stored one."""
    return sets.set_index_at(position) if isinstance(sets, PrescribedSets) else sets[position].set_index


def fields_at(sets: Sequence[PrescribedSet], position: int) -> Mapping[str, Any]:
    """The fields by name of the set at ``position`` of a prescription, decoding nothing of a
    stored one: a stored set's as its JSON holds them (``stored_fields``), a set made in memory
    its attributes. The two agree on the fields the JSON holds as they are (numbers, text, flags);
    ``kind`` is its value either way (``SetKind(kind)``); the weights, decimals, plates and rest
    differ."""
    if isinstance(sets, PrescribedSets):
        return sets.fields_at(position)
    return dict(zip(_NAMES, _values_of(sets[position]), strict=True))


class JSONText(UserDefinedType):
    """A JSON column (``JSON`` on SQLite, ``json`` on PostgreSQL) handled as its text: what is
    read is the text as stored, what is written is text already encoded. A stored answer is
    patched by splicing its text and sent as stored; neither is decoded whole. Read as text on
    PostgreSQL too (``CAST(... AS TEXT)``: psycopg would parse a ``json`` column); a ``json``
    column keeps the text it was given, byte for byte, and takes a text parameter as it is."""

    cache_ok = True

    def get_col_spec(self, **kw: Any) -> str:
        return "JSON"

    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None

    def column_expression(self, column):
        # Read as text, processed as the column's own type (a Prescription's sets, say).
        return type_coerce(cast(column, Text), column.type)


class Prescription(TypeDecorator):
    """A workout's prescribed sets, stored as JSON (the same on SQLite and PostgreSQL)."""

    impl = JSONText
    cache_ok = True

    def process_bind_param(self, value: Sequence[PrescribedSet] | None, dialect) -> str | None:
        if isinstance(value, PrescribedSets):
            return value.encoded()
        return None if value is None else dumps([encode_set(s) for s in value])

    def process_result_value(self, value: str | None, dialect) -> PrescribedSets | None:
        return None if value is None else PrescribedSets.from_text(value)
