"""Every class of bad request is a problem+json naming the fields, and writes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine.db.models import AuthToken, LiftMax, User
from tests.support.http import DEFAULT_PASSWORD, assert_problem, invalid_paths


def row_counts(db_engine) -> dict[str, int]:
    with db_engine.connect() as conn:
        return {model.__tablename__: conn.scalar(select(func.count()).select_from(model))
                for model in (User, AuthToken, LiftMax)}


@pytest.fixture
def lifter(client, lifts):
    return client.register()


@pytest.mark.parametrize(
    ("body", "status", "paths"),
    [
        ({"email": "a@example.com", "password": DEFAULT_PASSWORD, "admin": True}, 422, {"$.admin"}),
        ({"email": "a@example.com", "password": 12345678}, 422, {"$.password"}),
        ({"email": "a@example.com", "password": "short"}, 422, {"$.password"}),
        ({"email": "not-an-email", "password": DEFAULT_PASSWORD}, 422, {"$.email"}),
        ({"email": "a@example.com", "password": DEFAULT_PASSWORD, "weight_unit": "stone"}, 422, {"$.weight_unit"}),
        ({"password": DEFAULT_PASSWORD}, 422, {"$.email"}),
        ([], 422, {"$"}),
    ],
    ids=["unknown field", "wrong type", "too short", "bad email", "bad enum", "missing field", "not an object"],
)
def test_invalid_registration_is_rejected_and_writes_nothing(client, db_engine, body, status, paths):
    before = row_counts(db_engine)
    problem = assert_problem(client.post("/auth/register", json=body), status, "validation_failed")
    assert invalid_paths(problem) == paths
    assert row_counts(db_engine) == before


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"weight": 0, "unit": "kg"}, {"$.weight"}),
        ({"weight": -5, "unit": "kg"}, {"$.weight"}),
        ({"weight": 2000, "unit": "kg"}, {"$.weight"}),
        ({"weight": 100, "unit": "kg", "reps": 0}, {"$.reps"}),
        ({"weight": 100, "unit": "kg", "reps": 2.5}, {"$.reps"}),
        ({"weight": "100", "unit": "kg"}, {"$.weight"}),
        ({"weight": True, "unit": "kg"}, {"$.weight"}),
        ({"weight": None, "unit": "kg"}, {"$.weight"}),
        ({"weight": 100, "unit": "kg", "note": "pr", "tempo": 3}, {"$.note", "$.tempo"}),
        ({}, {"$.weight", "$.unit"}),
    ],
    ids=["zero", "negative", "too heavy", "zero reps", "fractional reps", "string", "boolean", "null",
         "unknown fields", "empty"],
)
def test_invalid_max_is_422_and_writes_nothing(client, db_engine, lifter, body, paths):
    before = row_counts(db_engine)
    result = client.put(f"/users/{lifter.id}/maxes/squat", json=body, token=lifter.token)
    problem = assert_problem(result, 422, "validation_failed")
    assert invalid_paths(problem) == paths
    assert all(field["message"] for field in problem["invalid_fields"])
    assert row_counts(db_engine) == before


def test_messages_say_what_is_expected(client, lifter):
    problem = client.put(f"/users/{lifter.id}/maxes/squat", json={"weight": 2500, "unit": "kg", "extra": 1},
                         token=lifter.token).json
    messages = {f["path"]: f["message"] for f in problem["invalid_fields"]}
    assert messages["$.weight"] == "must be < 2000"
    assert messages["$.extra"].startswith("is not a known field; known fields: reps, unit, weight")
    assert "$.weight" in problem["detail"]


@pytest.mark.parametrize(
    "raw", [b"{", b'{"weight": 100,}', b"", b"\xff\xfe", b'{"weight": NaN, "unit": "kg"}'],
    ids=["truncated", "trailing comma", "empty", "not utf-8", "NaN"],
)
def test_malformed_json_is_400(client, db_engine, lifter, raw):
    before = row_counts(db_engine)
    result = client.put(f"/users/{lifter.id}/maxes/squat", body=raw, token=lifter.token,
                        headers={"Content-Type": "application/json"})
    problem = assert_problem(result, 400, "validation_failed")
    assert invalid_paths(problem) == {"$"}
    assert row_counts(db_engine) == before


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_a_body_that_is_not_json_is_415(client, db_engine, content_type):
    before = row_counts(db_engine)
    headers = {"Content-Type": content_type} if content_type else {}
    result = client.post("/auth/register", body=f'{{"email": "a@example.com", "password": "{DEFAULT_PASSWORD}"}}',
                         headers=headers)
    problem = assert_problem(result, 415, "unsupported_media_type")
    assert "application/json" in problem["detail"]
    assert row_counts(db_engine) == before


def test_json_with_a_charset_is_accepted(client):
    result = client.post("/auth/register", body=f'{{"email": "c@example.com", "password": "{DEFAULT_PASSWORD}"}}',
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert result.status_code == 201


def test_anonymous_callers_get_401_not_a_validation_report(client, lifter):
    result = client.put(f"/users/{lifter.id}/maxes/squat", body=b"{", headers={"Content-Type": "application/json"})
    assert_problem(result, 401, "unauthenticated")
