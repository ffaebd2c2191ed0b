"""Reads are reads: each read endpoint answers with one statement in one transaction, the
authentication included (the token joined to the stored answer; counted on the engine for the
whole HTTP request), and what it answers is the answer stored when it last changed, equal to
rendering it from its rows now."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from api.schemas import PRESCRIBED_SET
from engine import accounts, queries
from engine.db.models import User, UserProgramState, WorkoutSession
from engine.queries.display import in_unit
from engine.queries.rendering import PRESCRIBED_SET_FIELDS, enrollment_json, plain, workout_json
from engine.queries.workouts import workout_state, workout_view
from tests.api.flows import enroll, finish, log, start
from tests.support.http import DEFAULT_PASSWORD, unique_email
from tests.support.statement_count import counting

READ_BUDGET = 1


@pytest.fixture
def lifter(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    return lifter


def counted_get(client, services, path: str, lifter) -> dict:
    """GET ``path`` as ``lifter``; asserts the request's statement and transaction budget."""
    with counting(services.db) as counted:
        result = client.get(path, token=lifter.token)
    assert result.status_code == 200, result.text
    assert len(counted.statements) <= READ_BUDGET, counted.statements
    assert counted.transactions <= 1  # the one statement runs alone: its own implicit transaction
    return result.json


def rendered_now(services, user_id: str) -> dict:
    """The enrollment's answer rendered from its rows (the old read path), as JSON values, its
    weights shown in the user's unit as every answer's are (api/display_units.py)."""
    with services.uow() as uow:
        unit = uow.session.get(User, user_id).weight_unit
    return plain(in_unit(enrollment_json(queries.enrollment(services, services.uow(), user_id)), unit))


def rendered_workout(services, workout_id: str) -> dict:
    with services.uow() as uow:
        row = uow.session.get(WorkoutSession, workout_id)
        enrollment_row = uow.session.get(UserProgramState, row.user_program_state_id)
        return {"workout": workout_json(workout_view(services, uow.session, row)),
                "state": plain(workout_state(services, uow.session, row, enrollment_row))}


def without_routes(body: dict) -> dict:
    state = {k: v for k, v in body["state"].items() if k != "available_actions"}
    return {**body, "state": state}


def assert_enrollment_is_stored_and_fresh(client, services, lifter) -> dict:
    body = counted_get(client, services, f"/users/{lifter.id}/enrollment", lifter)
    fresh = rendered_now(services, lifter.id)
    fresh_state = {k: v for k, v in fresh["state"].items() if k != "allowed_actions"}
    assert without_routes(body) == {"enrollment": fresh["enrollment"], "state": fresh_state}
    return body


def test_every_read_endpoint_is_one_transaction_of_two_statements_and_answers_what_is_stored(
        client, services, lifter):
    body = assert_enrollment_is_stored_and_fresh(client, services, lifter)
    assert body["enrollment"]["next_workout"]["sets"]  # prescribed when it enrolled, not now
    current = counted_get(client, services, f"/users/{lifter.id}/workouts/current", lifter)
    assert current["workout"] is None and current["state"] == body["state"]

    workout = start(client, lifter)["workout"]
    assert_enrollment_is_stored_and_fresh(client, services, lifter)
    first = workout["sets"][0]
    log(client, lifter, workout["id"], first["set_index"], first["target_reps"] or 5)
    for path in ("/users/{user}/workouts/current", "/workouts/{workout}"):
        read = counted_get(client, services, path.format(user=lifter.id, workout=workout["id"]), lifter)
        fresh = rendered_workout(services, workout["id"])
        assert read["workout"] == fresh["workout"]
        assert read["workout"]["sets"][0]["logged"]["reps"] == (first["target_reps"] or 5)
    finish(client, lifter, workout["id"])

    after = assert_enrollment_is_stored_and_fresh(client, services, lifter)
    assert after["state"]["position"] != body["state"]["position"]  # stored again when it moved
    done = counted_get(client, services, f"/workouts/{workout['id']}", lifter)
    assert done["workout"]["status"] == "COMPLETED" and done["state"] == after["state"]
    assert done["workout"] == rendered_workout(services, workout["id"])["workout"]


def test_a_read_runs_no_statement_on_the_program_s_slots_or_sets(client, services, lifter):
    with counting(services.db) as counted:
        assert client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).status_code == 200
    touched = " ".join(counted.statements).lower()
    assert "progression_states" not in touched and "logged_sets" not in touched
    assert "auth_tokens" in touched  # the authentication is in the count


def test_a_change_of_the_user_s_unit_stores_their_answer_again(client, services, lifter):
    before = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    assert {s["unit"] for s in before["enrollment"]["next_workout"]["sets"] if s["unit"]} == {"lb"}
    with services.uow() as uow:  # as a unit-change command would: the row marks the user stale
        uow.session.get(User, lifter.id).weight_unit = "kg"
        uow.commit()
    after = assert_enrollment_is_stored_and_fresh(client, services, lifter)
    assert {s["unit"] for s in after["enrollment"]["next_workout"]["sets"] if s["unit"]} == {"kg"}


def test_a_row_stored_before_answers_were_is_rendered_from_its_rows(client, services, db_engine, lifter):
    workout = start(client, lifter)["workout"]
    with db_engine.begin() as conn:  # as migration 00032 leaves every older row
        conn.execute(update(UserProgramState).values(answer=None))
        conn.execute(update(WorkoutSession).values(answer=None))
    body = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    assert without_routes(body)["enrollment"] == rendered_now(services, lifter.id)["enrollment"]
    read = client.get(f"/workouts/{workout['id']}", token=lifter.token).json
    assert read["workout"] == rendered_workout(services, workout["id"])["workout"]
    current = client.get(f"/users/{lifter.id}/workouts/current", token=lifter.token).json
    assert current["workout"] == read["workout"] and current["state"] == read["state"]


def test_the_stored_prescribed_set_has_the_schema_s_fields_in_its_order():
    assert tuple(PRESCRIBED_SET) == PRESCRIBED_SET_FIELDS


def test_a_lifter_in_kilograms_reads_the_answer_stored_in_kilograms_in_one_statement(client, services, catalog):
    lifter = client.register(weight_unit="kg")
    enroll(client, lifter)  # inputs in lb: the answer is stored converted, once
    body = counted_get(client, services, f"/users/{lifter.id}/enrollment", lifter)
    assert body == client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    assert assert_enrollment_is_stored_and_fresh(client, services, lifter) == body
    slots = {s["slot"]: s for s in body["enrollment"]["slots"] if s["unit"]}
    assert {s["unit"] for s in slots.values()} == {"kg"}
    workout = start(client, lifter)["workout"]
    read = counted_get(client, services, f"/workouts/{workout['id']}", lifter)
    assert read["workout"] == workout


def test_an_admin_of_another_unit_sees_the_answer_converted_from_its_rows(client, services, catalog):
    lifter = client.register()  # lb: the answers are stored in lb
    enroll(client, lifter)
    email = unique_email("admin")
    accounts.create_admin(services.uow(), email, DEFAULT_PASSWORD)
    admin = client.login(email).json
    with services.uow() as uow:  # an admin who chose kilograms
        uow.session.get(User, admin["user"]["id"]).weight_unit = "kg"
        uow.commit()
    seen = client.get(f"/users/{lifter.id}/enrollment", token=admin["token"]).json
    own = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json
    assert without_routes(seen)["enrollment"] == plain(in_unit(rendered_now(services, lifter.id), "kg"))["enrollment"]
    pounds = [s["weight"] for s in own["enrollment"]["slots"] if s["unit"] == "lb"]
    kilos = [s["weight"] for s in seen["enrollment"]["slots"] if s["weight"] is not None]
    assert pounds and kilos == [round(p * 0.45359237, 3) for p in pounds]  # 1 lb = 0.45359237 kg
