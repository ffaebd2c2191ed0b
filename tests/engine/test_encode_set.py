"""``engine.db.types.encode_set`` builds a set's JSON from its fields: for every set of every
program's first cycle (plated, in both units) it is what the ``dataclasses.asdict``-based encoding
it replaced gave, key for key and in the same order, less the fields at their default (and the
unit of a set without weights), and decodes back to the set."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from engine.db.types import PrescribedSets, decode_set, encode_set, fields_at, stored_fields
from engine.programs import PrescribedSet, initial_slots, prescribe
from engine.programs.loader import load_programs
from engine.programs.plates import DEFAULT_EQUIPMENT
from engine.programs.positions import cycle_positions
from engine.programs.prescribe import plated
from engine.programs.sample_inputs import sample_inputs

PROGRAMS = load_programs()
DEFAULTS = {f.name: f.default for f in dataclasses.fields(PrescribedSet) if f.default is not dataclasses.MISSING}


def asdict_encoding(prescribed: PrescribedSet) -> dict[str, Any]:
    # encode_set as it was: asdict, then the weights, decimals, kind and plates as text.
    data = dataclasses.asdict(prescribed)
    for key in ("weight", "exact_weight"):
        weight = getattr(prescribed, key)
        data[key] = None if weight is None else str(weight.value)
    data["unit"] = None if prescribed.unit is None else str(prescribed.unit)
    for key in ("percent", "rpe", "stop_rpe"):
        data[key] = None if data[key] is None else str(data[key])
    data["kind"] = str(prescribed.kind)
    data["plates"] = None if prescribed.plates is None else prescribed.plates.to_json()
    return data


def first_cycle(slug: str, unit: str) -> list[PrescribedSet]:
    program = PROGRAMS[slug]
    slots = initial_slots(program, sample_inputs(program))
    return [s for position in cycle_positions(program)
            for s in plated(program, prescribe(program, position, slots, unit), DEFAULT_EQUIPMENT)]


@pytest.mark.parametrize("slug", sorted(PROGRAMS))
def test_encode_set_is_the_asdict_encoding(slug):
    for unit in ("lb", "kg"):
        for prescribed in first_cycle(slug, unit):
            encoded, full = encode_set(prescribed), asdict_encoding(prescribed)
            # The same bytes stored, less what decoding restores: the defaults, a unit of no weight.
            assert json.dumps(encoded) == json.dumps({k: v for k, v in full.items()
                                                      if k not in DEFAULTS or v != DEFAULTS[k]
                                                      if k != "unit" or v is not None})
            assert decode_set(encoded) == prescribed and decode_set(full) == prescribed
            # The stored fields are the full JSON's, less the unit; a set in memory gives its attributes.
            assert stored_fields(encoded) == stored_fields(full) == {k: v for k, v in full.items() if k != "unit"}
            assert fields_at([prescribed], 0) == {f.name: getattr(prescribed, f.name)
                                                  for f in dataclasses.fields(PrescribedSet)}


def test_the_cycles_cover_plates_rest_and_decimals():
    # What the encoding converts, each met somewhere above.
    sets = [s for slug in PROGRAMS for s in first_cycle(slug, "lb")]
    assert any(s.plates is not None for s in sets) and any(s.rest is not None for s in sets)
    assert any(s.percent is not None for s in sets) and any(s.rpe is not None for s in sets)
    assert any(s.weight is None for s in sets) and any(s.stop_rpe is not None for s in sets)


def test_a_stored_set_lacking_fields_reads_their_defaults():
    prescribed = first_cycle("stronglifts-5x5", "lb")[0]
    older = {k: v for k, v in encode_set(prescribed).items() if k not in ("tag", "workout", "warmup", "rest")}
    fields = fields_at(PrescribedSets([older]), 0)
    assert (fields["tag"], fields["workout"], fields["warmup"], fields["rest"]) == (None, "", False, None)
    assert "unit" not in fields and fields["weight"] == older["weight"]
