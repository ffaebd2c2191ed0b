"""Every number the API accepts is one the database stores exactly, and integral numbers are integers.

Weights are NUMERIC(10, 3) and below the API's 2000; RPE is NUMERIC(3, 1) from 1 to 10;
integers are 32-bit; ``offset`` and ``limit`` are bounded. A number outside (``0.0001``,
``1999.9999``, ``1e-300``, ``2**63``) is a 422 naming the field, never a 500, never a value
stored differently from the one answered. ``5.0`` is the integer 5, as JSON Schema says.
"""

from __future__ import annotations

import re

import pytest

from tests.api.flows import BBB, BBB_INPUTS, enroll, start
from tests.api.snapshots import database_snapshot
from tests.support.http import assert_problem, invalid_paths

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def lifter(client, lifts):
    return client.register(weight_unit="kg")  # answers in kg: the maxes below are read back unconverted


def put_max(client, lifter, raw: str):
    return client.put(f"/users/{lifter.id}/maxes/squat", body=raw.encode(), headers=JSON, token=lifter.token)


@pytest.mark.parametrize(
    ("weight", "message"),
    [("0.0001", "must be a multiple of 0.001"), ("1999.9999", "must be a multiple of 0.001"),
     ("1e-300", "must be a multiple of 0.001"), ("2000", "must be < 2000"), ("1e400", "must be < 2000"),
     ("-0.0", "must be > 0"), ("1" * 5000, "must be < 2000")],
)
def test_a_max_weight_the_database_cannot_store_exactly_is_422(client, db_engine, lifter, weight, message):
    before = database_snapshot(db_engine)
    problem = assert_problem(put_max(client, lifter, f'{{"weight": {weight}, "unit": "kg"}}'), 422, "validation_failed")
    assert {(f["path"], f["message"]) for f in problem["invalid_fields"]} >= {("$.weight", message)}
    assert invalid_paths(problem) == {"$.weight"}
    assert database_snapshot(db_engine) == before


@pytest.mark.parametrize("weight", ["0.001", "1999.999", "142.5", "1.5e2", "100.000"])
def test_weights_within_the_bounds_are_stored_and_read_back_exactly(client, lifter, weight):
    put = put_max(client, lifter, f'{{"weight": {weight}, "unit": "kg"}}')
    assert put.status_code == 200, put.text
    listed = client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"]
    assert put.json["weight"] == listed[0]["weight"] == float(weight)


@pytest.mark.parametrize(("reps", "stored"), [("5.0", 5), ("1e1", 10), ("20.000", 20)])
def test_integral_numbers_are_integers(client, lifter, reps, stored):
    put = put_max(client, lifter, f'{{"weight": 100, "unit": "kg", "reps": {reps}}}')
    assert put.status_code == 200, put.text
    listed = client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"]
    assert put.json["reps"] == listed[0]["reps"] == stored
    assert re.search(rf'"reps": ?{stored},', put.text)  # an integer in the answer: 5, not 5.0


@pytest.mark.parametrize(("reps", "message"), [("5.5", "must be an integer"), ("1e30", "must be <= 20"),
                                               ("9" * 5000, "must be <= 20"), ("0.0", "must be >= 1")])
def test_fractional_or_huge_reps_are_422(client, db_engine, lifter, reps, message):
    before = database_snapshot(db_engine)
    problem = assert_problem(put_max(client, lifter, f'{{"weight": 100, "unit": "kg", "reps": {reps}}}'),
                             422, "validation_failed")
    assert [(f["path"], f["message"]) for f in problem["invalid_fields"]] == [("$.reps", message)]
    assert database_snapshot(db_engine) == before


def test_logged_sets_are_bounded_by_their_columns(client, db_engine, catalog, lifter):
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    sets_path = f"/workouts/{workout_id}/sets"
    before = database_snapshot(db_engine)
    for raw, field in [
        ('{"set_index": 8, "reps": 10, "weight": 0.0005}', "$.weight"),
        ('{"set_index": 0, "reps": 5, "rpe": 7.25}', "$.rpe"),
        ('{"set_index": 2147483648, "reps": 5}', "$.set_index"),
        ('{"set_index": 1e30, "reps": 5}', "$.set_index"),
        ('{"set_index": 0, "reps": 1e400}', "$.reps"),
        ('{"set_index": 0, "reps": 5, "rpe": 1e-300}', "$.rpe"),
    ]:
        result = client.post(sets_path, body=raw.encode(), headers=JSON, token=lifter.token)
        assert invalid_paths(assert_problem(result, 422, "validation_failed")) == {field}, raw
    assert database_snapshot(db_engine) == before

    logged = client.post(sets_path, body=b'{"set_index": 0.0, "reps": 5.0, "rpe": 7.5}', headers=JSON,
                         token=lifter.token)
    assert logged.status_code == 201, logged.text
    assert (logged.json["set"]["set_index"], logged.json["set"]["reps"], logged.json["set"]["rpe"]) == (0, 5, 7.5)


def test_enrollment_input_weights_are_bounded_too(client, db_engine, catalog, lifter):
    inputs = {**BBB_INPUTS, "squat.1rm": {"weight": 0.0001, "unit": "lb"}}
    before = database_snapshot(db_engine)
    result = client.post(f"/users/{lifter.id}/enrollment", json={"program": BBB, "inputs": inputs}, token=lifter.token)
    assert invalid_paths(assert_problem(result, 422, "validation_failed")) == {'$.inputs["squat.1rm"].weight'}
    assert database_snapshot(db_engine) == before


@pytest.mark.parametrize("offset", [str(2**63), str(2**31), "9" * 5000, "-1"])
def test_offsets_beyond_a_32_bit_integer_are_422(client, lifter, offset):
    result = client.get(f"/users/{lifter.id}/workouts", query_string=f"offset={offset}", token=lifter.token)
    assert invalid_paths(assert_problem(result, 422, "validation_failed")) == {"query.offset"}


def test_the_largest_offset_is_an_empty_page(client, lifter):
    page = client.get(f"/users/{lifter.id}/workouts", query_string=f"offset={2**31 - 1}&limit=100",
                      token=lifter.token).json
    assert (page["items"], page["total"], page["offset"], page["next_offset"]) == ([], 0, 2**31 - 1, None)


def test_every_number_a_request_carries_is_bounded_in_the_document(client):
    """The document states each bound the database has: a minimum, a maximum, and a step for decimals."""
    document = client.contract.document
    numbers = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                numbers += _numbers(document, parameter["schema"], f"{method} {path} {parameter['name']}")
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                numbers += _numbers(document, body["schema"], f"{method} {path} body")
    assert len(numbers) >= 10
    for where, schema in numbers:
        assert {"minimum", "exclusiveMinimum"} & set(schema), where
        assert {"maximum", "exclusiveMaximum"} & set(schema), where
        assert "integer" in _types(schema) or "multipleOf" in schema, where


def _numbers(document: dict, schema: dict, where: str) -> list[tuple[str, dict]]:
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    found = [(where, schema)] if {"number", "integer"} & _types(schema) else []
    children = [*schema.get("properties", {}).items(), ("*", schema.get("additionalProperties")),
                ("[]", schema.get("items"))]
    children += [(keyword, choice) for keyword in ("allOf", "anyOf", "oneOf") for choice in schema.get(keyword, [])]
    for name, child in children:
        if isinstance(child, dict):
            found += _numbers(document, child, f"{where}.{name}")
    return found


def _types(schema: dict) -> set[str]:
    kind = schema.get("type", [])
    return {kind} if isinstance(kind, str) else set(kind)
