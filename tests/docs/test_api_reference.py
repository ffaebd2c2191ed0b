"""docs/api.md names each field's type as the schema states it, nullable ones as "X or null"."""

from __future__ import annotations

import pytest

from cli import api_reference
from cli.docs import DOCS

REF = {"$ref": "#/components/schemas/Workout"}


@pytest.mark.parametrize(("schema", "rendered"), [
    ({"oneOf": [REF, {"type": "null"}]}, "[Workout](#workout) or null"),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, "string or integer"),
    ({"type": ["string", "null"]}, "string or null"),
    ({"type": ["array", "null"], "items": {"type": "integer"}}, "array of integer or null"),
    ({"oneOf": [{"enum": ["lb", "kg"]}, {"type": "null"}]}, "`lb` \\| `kg` or null"),
    ({"allOf": [REF]}, "[Workout](#workout)"),
    ({"const": "Bearer"}, "`Bearer`"),
    ({"type": "array", "items": {"oneOf": [REF, {"type": "null"}]}}, "array of [Workout](#workout) or null"),
])
def test_a_type_reads_as_the_schema_states_it(schema, rendered):
    assert api_reference._type(schema) == rendered


def test_no_field_of_the_reference_is_typed_any():
    assert "| any |" not in (DOCS / "api.md").read_text(encoding="utf-8")
