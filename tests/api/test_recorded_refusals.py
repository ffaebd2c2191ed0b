"""Refusals no other test records: each one triggered for real through the app, and kept by the
``recorder`` as the example of its declared response in the OpenAPI document (`scripts/docs`)."""

from __future__ import annotations

from dataclasses import replace

from api.app import create_app
from engine import account_changes, idempotency
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, log, start
from tests.support.http import DEFAULT_PASSWORD, ApiClient, assert_problem

KEY = "Idempotency-Key"
NEW_PASSWORD = "a brand new passphrase"


def test_a_disabled_account_signing_in_with_its_password_is_403(services, client, recorder):
    lifter = client.register()
    assert account_changes.set_disabled(services.uow(), lifter.email, True)

    assert_problem(client.login(lifter.email), 403, "account_disabled")


def test_a_wrong_password_is_403_and_repeated_it_is_429(services, recorder):
    strict = replace(services, settings=replace(services.settings, login_failures_per_account=1))
    client = recorder.watch(ApiClient(create_app(strict)))
    for method, path, body in (("DELETE", "/users/me", {"password": "not my password"}),
                               ("POST", "/users/me/password", {"current_password": "not my password",
                                                               "new_password": NEW_PASSWORD})):
        lifter = client.register()
        assert_problem(client.request(method, path, json=body, token=lifter.token), 403, "wrong_password")
        assert_problem(client.request(method, path, json=body, token=lifter.token), 429, "too_many_attempts")
        assert client.login(lifter.email).status_code == 429  # the account itself is throttled, not the route


def test_a_key_another_request_still_runs_is_409_in_flight(services, client, recorder, lifts):
    lifter = client.register()
    writes = [("POST", "/auth/logout", None), ("POST", "/auth/logout-all", None),
              ("DELETE", "/users/me", {"password": DEFAULT_PASSWORD}),
              ("POST", "/users/me/password", {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}),
              ("PUT", f"/users/{lifter.id}/maxes/squat", {"weight": 100, "unit": "lb"})]
    for number, (method, path, body) in enumerate(writes):
        key = f"running-{number}"
        # Another worker claimed the key for this very request and is still running it.
        claimed = idempotency.claim(services, lifter.id, key, idempotency.fingerprint(method, path, body))
        assert isinstance(claimed, idempotency.Claim)

        result = client.request(method, path, json=body, token=lifter.token, headers={KEY: key})

        assert_problem(result, 409, "idempotency_key_in_flight")
        assert result.headers["retry-after"] == "1"
    assert client.get("/users/me", token=lifter.token).status_code == 200  # nothing ran: still signed in
    assert client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json["maxes"] == []


def test_a_key_reused_for_another_request_is_422(client, recorder):
    lifter = client.register()
    used = client.request("PATCH", "/users/me", json={"display_name": "Lifter"}, token=lifter.token,
                          headers={KEY: "used"})
    assert used.status_code == 200

    for path in ("/workouts/start", "/auth/logout", "/auth/logout-all"):
        assert_problem(client.post(path, token=lifter.token, headers={KEY: "used"}), 422, "idempotency_key_reused")
    assert client.get("/users/me", token=lifter.token).status_code == 200  # no logout ran


def test_refusals_around_a_workout_in_progress_and_an_abandoned_one(client, recorder, catalog):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout_id = start(client, lifter)["workout"]["id"]
    log(client, lifter, workout_id, 0, 5)
    unit = client.request("PATCH", "/users/me", json={"weight_unit": "kg"}, token=lifter.token)
    assert assert_problem(unit, 409, "workout_already_in_progress")["current_workout_session_id"] == workout_id

    for method, body in (("PATCH", {"reps": 4}), ("DELETE", None)):
        result = client.request(method, f"/workouts/{workout_id}/sets/3", json=body, token=lifter.token)
        assert_problem(result, 404, "set_not_logged")
    abandoned = client.post(f"/workouts/{workout_id}/abandon", token=lifter.token)
    assert abandoned.status_code == 200, abandoned.text

    for method, body in (("PATCH", {"reps": 4}), ("DELETE", None)):
        result = client.request(method, f"/workouts/{workout_id}/sets/0", json=body, token=lifter.token)
        assert assert_problem(result, 409, "correction_window_closed")["reason"] == "abandoned"
