"""Bodies built to hurt: nested 100,000 deep, a megabyte of unknown keys, huge values, chunked.

A body nests at most 32 levels (checked before the parser, which recurses); a refusal lists
at most 20 invalid fields, each message short, and counts the rest; a chunked body (no
Content-Length; the server ends the input) is read like any other, with the same size limit.
"""

from __future__ import annotations

import io
import json

import pytest

from api.errors import MAX_INVALID_FIELDS
from api.json_body import MAX_BODY_BYTES, MAX_DEPTH
from tests.api.snapshots import database_snapshot
from tests.support.http import DEFAULT_PASSWORD, assert_problem, invalid_paths

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def lifter(client, lifts):
    return client.register()


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def chunked(body: bytes) -> dict:
    """simulate_request arguments for a body without Content-Length, ended by the server (as gunicorn does)."""
    return {"extras": {"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True},
            "headers": {**JSON, "Transfer-Encoding": "chunked"}}


@pytest.mark.parametrize("body", [nested(100_000), nested(MAX_DEPTH + 1), "{" + '"a":{' * 50_000])
def test_deep_nesting_is_400_before_parsing(client, db_engine, body):
    before = database_snapshot(db_engine)
    problem = assert_problem(client.post("/auth/register", body=body.encode(), headers=JSON), 400, "json_too_deep")
    assert invalid_paths(problem) == {"$"}
    assert str(MAX_DEPTH) in problem["detail"]
    assert database_snapshot(db_engine) == before


def test_nesting_up_to_the_limit_is_parsed_and_judged_by_the_schema(client):
    body = json.dumps({"email": json.loads(nested(MAX_DEPTH - 1)), "password": DEFAULT_PASSWORD})
    problem = assert_problem(client.post("/auth/register", body=body.encode(), headers=JSON), 422, "validation_failed")
    assert invalid_paths(problem) == {"$.email"}


def test_brackets_inside_strings_do_not_count(client):
    password = "[" * 100 + "{" * 100 + "\\\"["  # an escaped quote does not end the string
    body = json.dumps({"email": "brackets@example.com", "password": password})
    assert client.post("/auth/register", body=body.encode(), headers=JSON).status_code == 201
    assert client.login("brackets@example.com", password).status_code == 200


def test_a_megabyte_of_unknown_keys_answers_twenty_fields_and_a_count(client, db_engine, lifter):
    unknown = {f"key{n:06d}": n for n in range(52_000)}
    body = json.dumps({"weight": 100, "unit": "kg", **unknown}).encode()
    assert 0.9 * MAX_BODY_BYTES < len(body) <= MAX_BODY_BYTES
    before = database_snapshot(db_engine)
    result = client.put(f"/users/{lifter.id}/maxes/squat", body=body, headers=JSON, token=lifter.token)
    problem = assert_problem(result, 422, "validation_failed")
    assert [f["path"] for f in problem["invalid_fields"]] == [f"$.key{n:06d}" for n in range(MAX_INVALID_FIELDS)]
    assert problem["invalid_fields_omitted"] == len(unknown) - MAX_INVALID_FIELDS
    assert "and 51980 more" in problem["detail"]
    assert len(result.content) < 5_000
    assert database_snapshot(db_engine) == before


def test_huge_values_and_names_are_not_echoed(client, lifter):
    huge = "x" * 500_000
    body = json.dumps({"weight": 100, "unit": huge, huge: 1}).encode()
    result = client.put(f"/users/{lifter.id}/maxes/squat", body=body, headers=JSON, token=lifter.token)
    problem = assert_problem(result, 422, "validation_failed")
    assert len(result.content) < 2_000
    assert all(len(f["path"]) <= 70 and len(f["message"]) <= 200 for f in problem["invalid_fields"])
    assert {f["path"] for f in problem["invalid_fields"]} == {"$.unit", "$." + "x" * 63 + "\u2026"}


def test_a_chunked_body_is_read(client, lifts):
    body = json.dumps({"email": "chunked@example.com", "password": DEFAULT_PASSWORD}).encode()
    registered = client.post("/auth/register", **chunked(body))
    assert registered.status_code == 201, registered.text
    assert client.login("chunked@example.com").json["user"]["id"] == registered.json["user"]["id"]


def test_a_chunked_body_over_the_limit_is_413(client, db_engine):
    body = json.dumps({"email": "big@example.com", "password": DEFAULT_PASSWORD, "pad": "x" * MAX_BODY_BYTES})
    before = database_snapshot(db_engine)
    assert_problem(client.post("/auth/register", **chunked(body.encode())), 413, "payload_too_large")
    assert database_snapshot(db_engine) == before


def test_a_declared_length_over_the_limit_is_413_unread(client, db_engine):
    # The body is never read: a client announcing 2 MB is refused before sending it.
    stream = io.BytesIO(b"{}")
    result = client.post("/auth/register", headers={**JSON, "Content-Length": str(2 * MAX_BODY_BYTES)},
                         extras={"wsgi.input": stream})
    assert_problem(result, 413, "payload_too_large")
    assert stream.tell() == 0
