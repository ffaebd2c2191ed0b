"""Strings with NUL, other control characters or unpaired surrogates: 422 naming the field, nothing written.

PostgreSQL cannot store a NUL and nothing can encode a lone surrogate as UTF-8; before the
plain-text rule (api/plain_text.py) they were 500s, or stored on SQLite. The rule holds for
every string of the body (object keys too), the query and the path.
"""

from __future__ import annotations

import json

import pytest

from tests.api.flows import BBB_INPUTS
from tests.api.snapshots import database_snapshot
from tests.support.http import DEFAULT_PASSWORD, assert_problem, invalid_paths

JSON = {"Content-Type": "application/json"}


@pytest.fixture
def lifter(client, lifts):
    return client.register()


def raw_json(text: str) -> bytes:
    """A JSON text written by hand: ``"\\ud800"`` escapes reach the server as written."""
    return text.encode()


@pytest.mark.parametrize(
    ("body", "path", "kind"),
    [
        (json.dumps({"email": "a\u0000@example.com", "password": DEFAULT_PASSWORD}), "$.email", "control"),
        (json.dumps({"email": "a\u001f@example.com", "password": DEFAULT_PASSWORD}), "$.email", "control"),
        (json.dumps({"email": "a\u007f@example.com", "password": DEFAULT_PASSWORD}), "$.email", "control"),
        (json.dumps({"email": "a\u0085@example.com", "password": DEFAULT_PASSWORD}), "$.email", "control"),
        (json.dumps({"email": "a\u0085@example.com", "password": DEFAULT_PASSWORD}, ensure_ascii=False), "$.email",
         "control"),
        ('{"email": "\\ud800a@example.com", "password": "correct horse battery"}', "$.email", "surrogate"),
        ('{"email": "a@example.com", "password": "correct horse \\udfff"}', "$.password", "surrogate"),
        ('{"email": "a@example.com", "password": "correct horse \\u0000"}', "$.password", "control"),
        (json.dumps({"email": "a@example.com", "password": "correct\thorse"}), "$.password", "control"),
        (json.dumps({"email": "a@example.com", "password": "correct\nhorse"}), "$.password", "control"),
        (json.dumps({"email": "a@example.com", "password": DEFAULT_PASSWORD, "x\u0000": 1}), '$["x\\u0000"]',
         "control"),
    ],
    ids=["nul email", "unit separator", "delete", "c1 next line", "raw c1 next line", "surrogate email",
         "low surrogate password", "nul password", "tab password", "newline password", "nul in a key"],
)
def test_registration_refuses_control_characters_and_lone_surrogates(client, db_engine, body, path, kind):
    before = database_snapshot(db_engine)
    result = client.post("/auth/register", body=raw_json(body), headers=JSON)
    problem = assert_problem(result, 422, "validation_failed")
    assert invalid_paths(problem) == {path}
    message = problem["invalid_fields"][0]["message"]
    assert ("unpaired surrogate" if kind == "surrogate" else "control character") in message
    assert database_snapshot(db_engine) == before


@pytest.mark.parametrize(
    ("body", "path"),
    [('{"email": "a\\u0000@example.com", "password": "correct horse battery"}', "$.email"),
     ('{"email": "a@example.com", "password": "\\ud800\\ud800"}', "$.password")],
    ids=["nul email", "surrogate password"],
)
def test_login_refuses_them_too_and_signs_nobody_in(client, db_engine, lifter, body, path):
    before = database_snapshot(db_engine)
    problem = assert_problem(client.post("/auth/login", body=raw_json(body), headers=JSON), 422, "validation_failed")
    assert invalid_paths(problem) == {path}
    assert database_snapshot(db_engine) == before


def test_an_enrollment_input_named_with_a_nul_is_refused(client, db_engine, catalog, lifter):
    inputs = {**BBB_INPUTS, "squat.1rm\u0000": {"weight": 100, "unit": "lb"}}
    before = database_snapshot(db_engine)
    result = client.post(f"/users/{lifter.id}/enrollment", json={"program": "wendler-531-bbb", "inputs": inputs},
                         token=lifter.token)
    problem = assert_problem(result, 422, "validation_failed")
    assert invalid_paths(problem) == {'$.inputs["squat.1rm\\u0000"]'}
    assert problem["invalid_fields"][0]["message"].startswith("the name must not contain a control character")
    assert database_snapshot(db_engine) == before


@pytest.mark.parametrize(
    ("method", "path", "field"),
    [("GET", "/workouts/%00abc", "path.workout_id"),
     ("POST", "/workouts/abc%01/finish", "path.workout_id"),
     ("PUT", "/users/{user_id}/maxes/sq%00uat", "path.lift"),
     ("GET", "/programs/wendler%7F", "path.slug"),
     ("GET", "/machines/%00", "path.name")],
)
def test_path_parameters_with_control_characters_are_422(client, db_engine, lifter, method, path, field):
    before = database_snapshot(db_engine)
    result = client.request(method, path.format(user_id=lifter.id), token=lifter.token,
                            json={"weight": 100, "unit": "kg"} if method == "PUT" else None)
    problem = assert_problem(result, 422, "validation_failed")
    assert invalid_paths(problem) == {field}
    assert database_snapshot(db_engine) == before


@pytest.mark.parametrize("query", ["status=%00", "status=COMPLETED&status=%1B", "limit=1%00"])
def test_query_values_with_control_characters_are_422(client, lifter, query):
    result = client.get(f"/users/{lifter.id}/workouts", query_string=query, token=lifter.token)
    problem = assert_problem(result, 422, "validation_failed")
    assert len(problem["invalid_fields"]) == 1
    assert problem["invalid_fields"][0]["path"].startswith(("query.status", "query.limit"))
    assert "control character" in problem["invalid_fields"][0]["message"]


def test_any_other_unicode_is_accepted_and_read_back_unchanged(client, lifts):
    # A surrogate *pair* (an emoji, escaped as JSON must for UTF-16) is one character: fine.
    password = "pässwörd \U0001F4AA ok"
    body = '{"email": "zoë@example.com", "password": "p\\u00e4ssw\\u00f6rd \\ud83d\\udcaa ok"}'
    registered = client.post("/auth/register", body=raw_json(body), headers=JSON)
    assert registered.status_code == 201, registered.text
    assert registered.json["user"]["email"] == "zoë@example.com"
    assert client.login("zoë@example.com", password).status_code == 200


def test_the_document_states_the_rule_on_string_inputs(client):
    document = client.contract.document
    pattern = document["components"]["schemas"]["LoginRequest"]["properties"]["password"]["pattern"]
    parameters = document["paths"]["/workouts/{workout_id}"]["get"]["parameters"]
    assert [p["schema"]["pattern"] for p in parameters if p["in"] == "path"] == [pattern]
    assert "422" in document["paths"]["/workouts/{workout_id}"]["get"]["responses"]
    assert pattern.encode("ascii")  # written with escapes: the document stays plain UTF-8
