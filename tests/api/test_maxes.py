"""A lifter's maxes: set, replace, list; unknown lifts; who may reach whose maxes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from engine import accounts
from engine.db.models import LiftMax
from tests.support.http import DEFAULT_PASSWORD, assert_problem, unique_email


@pytest.fixture
def admin_token(services, client):
    email = unique_email("admin")
    accounts.create_admin(services.uow(), email, DEFAULT_PASSWORD)
    return client.login(email).json["token"]


def test_lifts_lists_the_catalog_by_slug(client, lifts):
    listed = [(lift["slug"], lift["name"]) for lift in client.get("/lifts").json["lifts"]]
    assert listed == lifts  # every lift of specs/lifts.yaml, sorted by slug
    assert ("bench-press", "Bench press") in listed


def test_put_then_get_maxes(client, lifts):
    lifter = client.register(weight_unit="kg")
    put = client.put(f"/users/{lifter.id}/maxes/squat", json={"weight": 142.5, "unit": "kg"}, token=lifter.token)

    assert put.status_code == 200
    assert put.json | {"updated_at": None} == {"lift": "squat", "lift_name": "Squat", "weight": 142.5,
                                               "unit": "kg", "reps": 1, "updated_at": None}
    listed = client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"]
    assert [(m["lift"], m["weight"], m["reps"]) for m in listed] == [("squat", 142.5, 1)]


def test_put_replaces_the_max_for_the_same_lift_and_reps(client, lifts, db_engine):
    lifter = client.register(weight_unit="kg")
    path = f"/users/{lifter.id}/maxes/deadlift"
    client.put(path, json={"weight": 180, "unit": "kg"}, token=lifter.token)
    client.put(path, json={"weight": 185, "unit": "kg"}, token=lifter.token)
    client.put(path, json={"weight": 160, "unit": "kg", "reps": 5}, token=lifter.token)

    listed = client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"]
    assert [(m["weight"], m["reps"]) for m in listed] == [(185, 1), (160, 5)]
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(LiftMax)) == 2


def test_unknown_lift_is_404_and_lists_the_known_ones(client, lifts):
    lifter = client.register()
    problem = assert_problem(
        client.put(f"/users/{lifter.id}/maxes/curl", json={"weight": 40, "unit": "lb"}, token=lifter.token),
        404, "unknown_lift",
    )
    assert problem["lift"] == "curl"
    assert "squat" in problem["known_lifts"]


def test_a_user_cannot_reach_another_users_maxes(client, lifts):
    owner, intruder = client.register(), client.register()

    for result in (
        client.get(f"/users/{owner.id}/maxes", token=intruder.token),
        client.put(f"/users/{owner.id}/maxes/squat", json={"weight": 100, "unit": "kg"}, token=intruder.token),
    ):
        problem = assert_problem(result, 403, "forbidden")
        assert intruder.id in problem["detail"]  # points them at their own resources
    assert client.get(f"/users/{owner.id}/maxes", token=owner.token).json["maxes"] == []


def test_forbidden_comes_before_validation(client, lifts):
    owner, intruder = client.register(), client.register()
    result = client.put(f"/users/{owner.id}/maxes/squat", json={"weight": "heavy"}, token=intruder.token)
    assert_problem(result, 403, "forbidden")


def test_an_admin_reaches_every_user(client, lifts, admin_token):
    lifter = client.register()
    put = client.put(f"/users/{lifter.id}/maxes/bench-press", json={"weight": 225, "unit": "lb"}, token=admin_token)
    assert put.status_code == 200
    listed = client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"]
    assert [m["lift"] for m in listed] == ["bench-press"]


def test_an_admin_asking_for_a_missing_user_gets_404(client, admin_token):
    assert_problem(client.get("/users/no-such-user/maxes", token=admin_token), 404, "user_not_found")


def test_weights_keep_their_decimals(client, lifts):
    lifter = client.register(weight_unit="kg")
    put = client.put(f"/users/{lifter.id}/maxes/overhead-press", json={"weight": 61.25, "unit": "kg"},
                     token=lifter.token)
    assert put.json["weight"] == 61.25


def test_a_max_is_stored_in_its_unit_and_shown_in_the_lifters(client, lifts, db_engine):
    lifter = client.register()  # trains in lb
    put = client.put(f"/users/{lifter.id}/maxes/squat", json={"weight": 100, "unit": "kg"}, token=lifter.token)

    assert (put.json["weight"], put.json["unit"]) == (220.462, "lb")  # 100 / 0.45359237, to 3 decimals
    with db_engine.connect() as conn:
        assert conn.execute(select(LiftMax.weight, LiftMax.unit)).one() == (100, "kg")
