"""The API's component schemas are checked against the metaschema when the app is built: a
broken one is refused with jsonschema's own words, whichever engine noticed it first."""

from __future__ import annotations

import jsonschema
import pytest

from api.json_schema import check_schema
from api.openapi import ApiSpec


@pytest.mark.parametrize("schema", [{"type": "nope"}, {"type": "object", "properties": {"a": {"minimum": "x"}}},
                                    {"$schema": "https://example.invalid/unknown", "type": 5}])
def test_a_broken_component_schema_is_refused_as_jsonschema_words_it(schema):
    with pytest.raises(jsonschema.SchemaError) as expected:
        jsonschema.Draft202012Validator.check_schema(schema)
    with pytest.raises(jsonschema.SchemaError) as refused:
        ApiSpec("test", "1").add_schemas({"Broken": schema})
    assert refused.value.message == expected.value.message


def test_a_valid_schema_passes_with_its_references_unresolved():
    check_schema({"type": "object", "properties": {"state": {"$ref": "#/components/schemas/State"}}})
