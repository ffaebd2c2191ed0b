"""The lifter's own account over HTTP: GET/PATCH/DELETE /users/me, the password, signing out
everywhere, and a disabled account."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import select

from api.app import create_app
from engine import account_changes
from engine.commands import UpdateAccount
from engine.db.models import AuthThrottle, LoggedSet, ProgressionState, User
from engine.events import USER_UNIT_CHANGED
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, finish, log, start
from tests.support.http import DEFAULT_PASSWORD, ApiClient, assert_problem
from tests.support.work_sets import work_sets

NEW_PASSWORD = "a brand new passphrase"
LB_IN_KG = Decimal("0.45359237")


def kg(pounds) -> float:
    """``pounds`` in kg, to the three decimals weights keep."""
    return float((Decimal(str(pounds)) * LB_IN_KG).quantize(Decimal("0.001"), ROUND_HALF_UP))


def plates_kg(pounds) -> float:
    """``pounds`` as a load in kg: to the nearest 2.5 kg, halves up (docs/programs.md, rounding)."""
    step = Decimal("2.5")
    return float((Decimal(str(pounds)) * LB_IN_KG / step).quantize(Decimal(1), ROUND_HALF_UP) * step)


def me(client, lifter, token=None):
    return client.get("/users/me", token=token or lifter.token)


def patch(client, lifter, body):
    return client.request("PATCH", "/users/me", json=body, token=lifter.token)


def test_get_me_is_the_signed_in_account(client):
    lifter = client.register(weight_unit="kg")
    body = me(client, lifter).json

    assert body == {**lifter.body["user"], "display_name": None}
    assert (body["id"], body["email"], body["weight_unit"]) == (lifter.id, lifter.email, "kg")
    assert_problem(client.get("/users/me"), 401, "unauthenticated")


def test_display_name_is_set_kept_and_cleared(client):
    lifter = client.register()

    assert patch(client, lifter, {"display_name": "Ann Lifter"}).json["display_name"] == "Ann Lifter"
    assert patch(client, lifter, {"weight_unit": "lb"}).json["display_name"] == "Ann Lifter"  # left out: kept
    assert me(client, lifter).json["display_name"] == "Ann Lifter"
    assert patch(client, lifter, {"display_name": None}).json["display_name"] is None


@pytest.mark.parametrize("body", [{}, {"display_name": ""}, {"display_name": "x" * 65},
                                  {"display_name": "tab\there"}, {"weight_unit": "stone"}, {"email": "a@b.c"}],
                         ids=["empty", "blank", "too long", "control character", "unknown unit", "not changeable"])
def test_invalid_updates_are_422_and_change_nothing(client, body):
    lifter = client.register()
    assert_problem(patch(client, lifter, body), 422, "validation_failed")
    assert me(client, lifter).json == {**lifter.body["user"], "display_name": None}


def _a_finished_workout(client, lifter) -> dict:
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout = start(client, lifter)["workout"]
    for item in workout["sets"]:  # the warm-ups too: logged in lb like the rest
        log(client, lifter, workout["id"], item["set_index"], item["target_reps"])
    return finish(client, lifter, workout["id"])


def test_a_unit_change_shows_every_weight_in_the_new_unit_and_stores_none(client, catalog, db_engine):
    lifter = client.register()  # lb
    finished = _a_finished_workout(client, lifter)
    squat = next(p for p in finished["progressions_applied"] if p["slot"] == "squat")
    workout_id = finished["workout"]["id"]
    with db_engine.connect() as conn:
        stored = conn.execute(select(LoggedSet.weight, LoggedSet.unit).order_by(LoggedSet.id)).all()

    assert patch(client, lifter, {"weight_unit": "kg"}).json["weight_unit"] == "kg"

    # The next workout is prescribed in kg, rounded to kg plates, from the lb slot.
    upcoming = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json["enrollment"]
    first = work_sets(upcoming["next_workout"])[0]
    assert (first["lift"], first["weight"], first["unit"]) == ("squat", plates_kg(squat["new"]), "kg")
    slot = next(s for s in upcoming["slots"] if s["slot"] == "squat")
    assert (slot["weight"], slot["unit"]) == (kg(squat["new"]), "kg")
    # What was prescribed and logged in lb is shown converted, not rounded.
    past = work_sets(client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"])[0]
    assert (past["weight"], past["unit"], past["logged"]["weight"], past["logged"]["unit"]) == (
        kg(squat["previous"]), "kg", kg(squat["previous"]), "kg")
    logged = client.get(f"/users/{lifter.id}/sets", token=lifter.token).json["items"]
    assert {item["unit"] for item in logged} == {"kg"}
    progression = client.get(f"/users/{lifter.id}/progression-logs", token=lifter.token).json["items"]
    squat_log = next(item for item in progression if item["slot"] == "squat")
    assert (squat_log["previous"], squat_log["new"], squat_log["unit"]) == (
        kg(squat["previous"]), kg(squat["new"]), "kg")
    assert squat_log["delta"] == pytest.approx(squat_log["new"] - squat_log["previous"])
    # Nothing stored changed, so going back shows the very numbers first answered.
    with db_engine.connect() as conn:
        assert conn.execute(select(LoggedSet.weight, LoggedSet.unit).order_by(LoggedSet.id)).all() == stored
        assert {(row.data or {}).get("unit") for row in conn.execute(select(ProgressionState))} == {"lb"}
    patch(client, lifter, {"weight_unit": "lb"})
    again = work_sets(client.get(f"/workouts/{workout_id}", token=lifter.token).json["workout"])[0]
    assert (again["weight"], again["unit"]) == (squat["previous"], "lb")


def test_the_export_keeps_the_stored_units(client, catalog):
    lifter = client.register()
    _a_finished_workout(client, lifter)
    patch(client, lifter, {"weight_unit": "kg"})
    export = client.get("/users/me/export", token=lifter.token).json
    assert {row["unit"] for row in export["sets"]} == {"lb"}  # rows as stored: import puts them back


def test_the_unit_cannot_change_while_a_workout_is_in_progress(client, catalog):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout = start(client, lifter)["workout"]

    problem = assert_problem(patch(client, lifter, {"weight_unit": "kg"}), 409, "workout_already_in_progress")
    assert problem["current_workout_session_id"] == workout["id"]
    assert "finish_workout" in [a["action"] for a in problem["allowed_actions"]]
    assert me(client, lifter).json["weight_unit"] == "lb"
    # The display name alone may change at any time.
    assert patch(client, lifter, {"display_name": "Lifter"}).status_code == 200


def test_a_unit_change_raises_user_unit_changed_once(services, client):
    lifter = client.register()
    changed = services.handle(UpdateAccount(lifter.id, weight_unit="kg"))
    unchanged = services.handle(UpdateAccount(lifter.id, weight_unit="kg"))

    assert [(e.name, e.payload) for e in changed.events] == [(USER_UNIT_CHANGED, {"from": "lb", "to": "kg"})]
    assert unchanged.events == []


def test_a_password_change_keeps_this_session_and_signs_out_the_others(client):
    lifter = client.register()
    other = client.login(lifter.email).json["token"]

    result = client.post("/users/me/password", json={"current_password": DEFAULT_PASSWORD,
                                                     "new_password": NEW_PASSWORD}, token=lifter.token)

    assert result.status_code == 204
    assert me(client, lifter).status_code == 200
    assert_problem(me(client, lifter, token=other), 401, "unauthenticated")
    assert_problem(client.login(lifter.email), 401, "invalid_credentials")
    assert client.login(lifter.email, NEW_PASSWORD).status_code == 200


def test_a_password_change_refuses_a_wrong_or_weak_password(client):
    lifter = client.register()
    other = client.login(lifter.email).json["token"]

    assert_problem(client.post("/users/me/password", json={"current_password": "not my password",
                                                           "new_password": NEW_PASSWORD}, token=lifter.token),
                   403, "wrong_password")
    weak = assert_problem(client.post("/users/me/password", json={"current_password": DEFAULT_PASSWORD,
                                                                  "new_password": lifter.email},
                                      token=lifter.token), 422, "weak_password")
    assert weak["password_rule"]
    assert me(client, lifter, token=other).status_code == 200  # nothing revoked
    assert client.login(lifter.email).status_code == 200  # nor changed


@pytest.fixture
def strict(services) -> ApiClient:
    """Two failed logins per account and window."""
    return ApiClient(create_app(replace(services, settings=replace(services.settings,
                                                                   login_failures_per_account=2))))


def test_wrong_current_passwords_count_toward_the_login_throttle(strict):
    lifter = strict.register()
    for _ in range(2):
        strict.post("/users/me/password", json={"current_password": "guess guess", "new_password": NEW_PASSWORD},
                    token=lifter.token)

    assert_problem(strict.login(lifter.email), 429, "too_many_attempts")
    right = strict.post("/users/me/password", json={"current_password": DEFAULT_PASSWORD,
                                                    "new_password": NEW_PASSWORD}, token=lifter.token)
    assert_problem(right, 429, "too_many_attempts")


def test_logout_all_revokes_every_token(client):
    lifter = client.register()
    other = client.login(lifter.email).json["token"]
    bystander = client.register()

    assert client.post("/auth/logout-all", token=lifter.token).status_code == 204

    for token in (lifter.token, other):
        assert_problem(me(client, lifter, token=token), 401, "unauthenticated")
    assert me(client, bystander).status_code == 200
    assert client.login(lifter.email).status_code == 200


def test_deleting_needs_the_password(client, db_engine):
    lifter = client.register()
    result = client.delete("/users/me", json={"password": "not my password"}, token=lifter.token)

    assert_problem(result, 403, "wrong_password")
    assert me(client, lifter).status_code == 200


def test_deleting_the_account_signs_out_and_frees_the_email(client):
    lifter = client.register()
    assert client.delete("/users/me", json={"password": DEFAULT_PASSWORD}, token=lifter.token).status_code == 204

    assert_problem(me(client, lifter), 401, "unauthenticated")
    assert_problem(client.login(lifter.email), 401, "invalid_credentials")
    assert client.register(lifter.email).id != lifter.id


def test_a_disabled_account_cannot_sign_in_and_its_tokens_stop_working(services, client):
    lifter = client.register()
    assert account_changes.set_disabled(services.uow(), lifter.email, True)

    assert_problem(me(client, lifter), 401, "unauthenticated")
    problem = assert_problem(client.login(lifter.email), 403, "account_disabled")
    assert lifter.email in problem["detail"]
    assert_problem(client.login(lifter.email, "not my password"), 401, "invalid_credentials")  # nothing told

    assert account_changes.set_disabled(services.uow(), lifter.email, False)
    assert client.login(lifter.email).status_code == 200


def test_deleting_erases_every_row_of_the_user_and_nothing_else(client, catalog, db_engine):
    gone, kept = client.register(), client.register()
    for lifter in (gone, kept):
        client.put(f"/users/{lifter.id}/maxes/squat", json={"weight": 200, "unit": "lb"}, token=lifter.token)
        _a_finished_workout(client, lifter)
        client.login(lifter.email, "a wrong password")  # a throttle row keyed by the account
    before = _snapshot(db_engine)

    assert client.delete("/users/me", json={"password": DEFAULT_PASSWORD}, token=gone.token).status_code == 204

    after = _snapshot(db_engine)
    removed = {table: rows - after[table] for table, rows in before.items()}
    assert all(after[table] <= rows for table, rows in before.items())  # nothing changed or added
    owned = _owned_by(gone, before)
    assert {table: rows for table, rows in removed.items() if rows} == {
        table: rows for table, rows in owned.items() if rows}
    for table in ("users", "auth_tokens", "lift_maxes", "user_program_states", "workout_sessions", "logged_sets",
                  "progression_logs", "transition_log", "progression_states", "auth_throttle"):
        assert owned[table], f"the test gave the deleted user no {table} row"
        assert _owned_by(kept, after)[table] == _owned_by(kept, before)[table]


def _snapshot(db_engine) -> dict[str, set[tuple]]:
    from engine.db.models import Base

    with db_engine.connect() as conn:
        return {table.name: {tuple((key, _hashable(value)) for key, value in row._mapping.items())
                             for row in conn.execute(select(table))}
                for table in Base.metadata.sorted_tables}


def _hashable(value):
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        value = list(value)  # a prescription as loaded is a sequence (decoded as read), not a list
    return json.dumps(value, sort_keys=True, default=str) if isinstance(value, dict | list) else value


def _owned_by(lifter, snapshot) -> dict[str, set[tuple]]:
    """The rows of ``snapshot`` that belong to ``lifter``, found without the engine's list."""
    enrollments = {dict(row)["id"] for row in snapshot["user_program_states"] if dict(row)["user_id"] == lifter.id}
    throttle = hashlib.sha256(f"login:account\0{lifter.email}".encode()).hexdigest()

    def belongs(table: str, row: dict) -> bool:
        if table == User.__tablename__:
            return row["id"] == lifter.id
        if table == AuthThrottle.__tablename__:
            return row["bucket"] == throttle
        return row.get("user_id") == lifter.id or row.get("user_program_state_id") in enrollments

    return {table: {row for row in rows if belongs(table, dict(row))} for table, rows in snapshot.items()}
