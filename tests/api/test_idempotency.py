"""Idempotency-Key on every authenticated write: a retry gets the first answer and changes nothing."""

from __future__ import annotations

import re
import threading
from datetime import timedelta

from falcon.testing import TestClient
from sqlalchemy import func, select, update

from api.errors import HttpProblem
from api.idempotency import KEY_PATTERN, parse_key
from engine import idempotency
from engine.db.models import IdempotencyKey, LoggedSet, WorkoutSession, utcnow
from engine.errors import Busy
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, log, start
from tests.api.snapshots import database_snapshot
from tests.support.http import assert_problem, invalid_paths

KEY = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"


def keyed(key: str) -> dict[str, str]:
    return {KEY: key}


def stored_keys(db_engine) -> list[tuple]:
    with db_engine.connect() as conn:
        return conn.execute(select(IdempotencyKey.key, IdempotencyKey.state, IdempotencyKey.status)
                            .order_by(IdempotencyKey.key)).all()


def count(db_engine, model) -> int:
    with db_engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model))


def test_a_replayed_start_answers_the_same_workout_and_starts_nothing(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    first = client.post("/workouts/start", token=lifter.token, headers=keyed("start-1"))
    assert first.status_code == 201 and REPLAYED.lower() not in first.headers
    after_first = database_snapshot(db_engine)

    again = client.post("/workouts/start", token=lifter.token, headers=keyed("start-1"))

    assert again.status_code == 201
    assert again.headers[REPLAYED.lower()] == "true"
    assert again.headers["location"] == first.headers["location"] == f"/workouts/{first.json['workout']['id']}"
    assert again.headers["content-type"] == first.headers["content-type"]
    assert again.json == first.json
    assert database_snapshot(db_engine) == after_first
    assert stored_keys(db_engine) == [("start-1", "done", 201)]


def test_a_replayed_finish_returns_the_same_progressions_applied(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    workout = start(client, lifter)["workout"]
    for prescribed in workout["sets"]:
        log(client, lifter, workout["id"], prescribed["set_index"], 5)
    path = f"/workouts/{workout['id']}/finish"
    first = client.post(path, token=lifter.token, headers=keyed('"finish \\"a\\""'))  # the draft's quoted form
    assert first.status_code == 200 and first.json["progressions_applied"]
    after_first = database_snapshot(db_engine)

    again = client.post(path, token=lifter.token, headers=keyed('finish "a"'))  # the same key, bare

    assert again.status_code == 200 and again.headers[REPLAYED.lower()] == "true"
    assert again.json["progressions_applied"] == first.json["progressions_applied"]
    assert again.json == first.json
    assert database_snapshot(db_engine) == after_first
    # Without the key, the same request is a new one: the machine refuses a second finish.
    assert_problem(client.post(path, token=lifter.token), 409, "invalid_transition")


def test_a_replayed_set_is_the_set_logged_once(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    path = f"/workouts/{workout_id}/sets"
    first = client.post(path, json={"set_index": 0, "reps": 5}, token=lifter.token, headers=keyed("set-0"))

    # The same body with its fields in another order and a number spelt otherwise is the same request.
    again = client.post(path, json={"reps": 5.0, "set_index": 0}, token=lifter.token, headers=keyed("set-0"))

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json["set"] == first.json["set"] and again.headers[REPLAYED.lower()] == "true"
    assert count(db_engine, LoggedSet) == 1


def test_the_same_key_on_another_request_is_refused_and_changes_nothing(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    path = f"/workouts/{workout_id}/sets"
    client.post(path, json={"set_index": 0, "reps": 5}, token=lifter.token, headers=keyed("k"))
    before = database_snapshot(db_engine)

    other_body = client.post(path, json={"set_index": 0, "reps": 3}, token=lifter.token, headers=keyed("k"))
    other_path = client.post(f"/workouts/{workout_id}/finish", token=lifter.token, headers=keyed("k"))

    for result in (other_body, other_path):
        problem = assert_problem(result, 422, "idempotency_key_reused")
        assert REPLAYED.lower() not in result.headers and "Idempotency-Key" in problem["detail"]
    assert database_snapshot(db_engine) == before


def test_a_retry_while_the_first_request_runs_is_409_in_flight(client, services, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    # Another worker (or server) has claimed the key for this very request and is still running it.
    request = idempotency.fingerprint("POST", "/workouts/start", None)
    assert isinstance(idempotency.claim(services, lifter.id, "busy-key", request), idempotency.Claim)

    result = client.post("/workouts/start", token=lifter.token, headers=keyed("busy-key"))

    problem = assert_problem(result, 409, "idempotency_key_in_flight")
    assert result.headers["retry-after"] == "1" and "still running" in problem["detail"]
    assert count(db_engine, WorkoutSession) == 0


def test_an_abandoned_claim_is_taken_over_after_its_lease(client, services, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    request = idempotency.fingerprint("POST", "/workouts/start", None)
    idempotency.claim(services, lifter.id, "orphan", request, now=utcnow() - idempotency.IN_FLIGHT_LEASE)

    result = client.post("/workouts/start", token=lifter.token, headers=keyed("orphan"))

    assert result.status_code == 201 and count(db_engine, WorkoutSession) == 1
    assert stored_keys(db_engine) == [("orphan", "done", 201)]


def test_a_key_expires_after_24_hours_and_old_keys_are_swept(client, services, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    path = f"/workouts/{workout_id}/sets"
    for set_index, key in ((0, "old"), (1, "older")):
        logged = client.post(path, json={"set_index": set_index, "reps": 5}, token=lifter.token, headers=keyed(key))
        assert logged.status_code == 201
    with db_engine.begin() as conn:
        conn.execute(update(IdempotencyKey).values(created_at=utcnow() - idempotency.KEY_LIFETIME - timedelta(1)))

    # An expired key is a new key: this request runs (and is refused by the domain, as it would be).
    reused = client.post(path, json={"set_index": 0, "reps": 5}, token=lifter.token, headers=keyed("old"))

    assert_problem(reused, 409, "set_already_logged")
    assert REPLAYED.lower() not in reused.headers
    assert stored_keys(db_engine) == [("old", "done", 409)]  # "older" went with the claim's sweep
    assert idempotency.sweep(services, now=utcnow() + idempotency.KEY_LIFETIME + timedelta(1)) == 1
    assert stored_keys(db_engine) == []


def test_a_refusal_is_stored_and_replayed_like_a_success(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    body = {"set_index": 99, "reps": 5}

    first = client.post(f"/workouts/{workout_id}/sets", json=body, token=lifter.token, headers=keyed("beyond"))
    again = client.post(f"/workouts/{workout_id}/sets", json=body, token=lifter.token, headers=keyed("beyond"))

    assert_problem(first, 422, "set_not_prescribed")
    assert assert_problem(again, 422, "set_not_prescribed") == first.json
    assert again.headers[REPLAYED.lower()] == "true" and again.headers["content-type"] == "application/problem+json"


def test_a_503_releases_the_key_so_that_the_retry_runs(client, services, catalog, db_engine, monkeypatch):
    lifter = client.register()
    enroll(client, lifter)
    handle = type(services).handle

    def busy_once(self, command, **kwargs):
        monkeypatch.setattr(type(services), "handle", handle)
        raise Busy("The database is busy; retry.")

    monkeypatch.setattr(type(services), "handle", busy_once)
    busy = client.post("/workouts/start", token=lifter.token, headers=keyed("retry-me"))
    assert_problem(busy, 503, "busy")
    assert stored_keys(db_engine) == []

    retried = client.post("/workouts/start", token=lifter.token, headers=keyed("retry-me"))

    assert retried.status_code == 201 and REPLAYED.lower() not in retried.headers
    assert stored_keys(db_engine) == [("retry-me", "done", 201)]


MALFORMED_KEYS = ["x" * 256, "caf\u00e9", '"unterminated', '""', "tab\there", '"' + "x" * 256 + '"']


def test_a_malformed_key_is_422_naming_the_header_and_claims_nothing(client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)

    for header in MALFORMED_KEYS:
        result = client.post("/workouts/start", token=lifter.token, headers=keyed(header))

        problem = assert_problem(result, 422, "validation_failed")
        assert invalid_paths(problem) == {"header.Idempotency-Key"}, header
    assert stored_keys(db_engine) == [] and count(db_engine, WorkoutSession) == 0


def test_keys_belong_to_their_user(client, catalog, db_engine):
    first, second = client.register(), client.register()
    for lifter in (first, second):
        enroll(client, lifter)
        result = client.post("/workouts/start", token=lifter.token, headers=keyed("same-key"))
        assert result.status_code == 201 and REPLAYED.lower() not in result.headers
    assert count(db_engine, WorkoutSession) == 2


def test_public_writes_and_requests_without_a_key_store_nothing(client, catalog, db_engine):
    email = "keyed@example.com"
    body = {"email": email, "password": "correct horse battery"}
    assert client.post("/auth/register", json=body, headers=keyed("reg")).status_code == 201
    # Registration does not take a key (its answer holds a token): a retry is a second registration.
    assert_problem(client.post("/auth/register", json=body, headers=keyed("reg")), 409, "email_taken")
    lifter = client.login(email).json
    enroll_path = f"/users/{lifter['user']['id']}/enrollment"
    client.post(enroll_path, json={"program": STRONGLIFTS, "inputs": STRONGLIFTS_INPUTS}, token=lifter["token"])
    assert client.post("/workouts/start", token=lifter["token"]).status_code == 201
    assert stored_keys(db_engine) == []


def test_two_threads_racing_one_key_run_the_request_once(app, client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    racers = 4
    barrier = threading.Barrier(racers)
    results: list = [None] * racers

    def run(index: int) -> None:
        http = TestClient(app)
        barrier.wait()
        results[index] = http.simulate_post(
            "/workouts/start", headers={"Authorization": f"Bearer {lifter.token}", KEY: "raced"})

    threads = [threading.Thread(target=run, args=(i,)) for i in range(racers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert count(db_engine, WorkoutSession) == 1
    ran = [r for r in results if r.status_code == 201 and REPLAYED.lower() not in r.headers]
    assert len(ran) == 1
    for result in results:
        client.contract.check("POST", "/workouts/start", result)
        replayed = result.status_code == 201 and result.headers.get(REPLAYED.lower()) == "true"
        in_flight = result.status_code == 409 and result.json["code"] == "idempotency_key_in_flight"
        assert result is ran[0] or replayed or in_flight, result.text
        if replayed:
            assert result.json == ran[0].json


def test_a_set_already_logged_carries_the_stored_set(client, catalog):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = start(client, lifter)["workout"]["id"]
    logged = log(client, lifter, workout_id, 0, 5, rpe=8)["set"]

    problem = assert_problem(client.post(f"/workouts/{workout_id}/sets", json={"set_index": 0, "reps": 4},
                                         token=lifter.token), 409, "set_already_logged")

    assert problem["set"] == logged and problem["set"]["reps"] == 5


def test_every_authenticated_write_declares_the_header_and_its_refusals(client):
    document = client.get("/openapi.json").json
    writes = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            headers = [p["name"] for p in operation["parameters"] if p["in"] == "header"]
            keyed_write = method in ("post", "put", "patch", "delete") and operation["security"] != []
            assert (KEY in headers) == keyed_write, (method, path)
            if keyed_write:
                writes += 1
                assert "idempotency_key_in_flight" in operation["responses"]["409"]["description"]
                assert "idempotency_key_reused" in operation["responses"]["422"]["description"]
                success = next(r for status, r in operation["responses"].items() if status.startswith("2"))
                assert REPLAYED in success["headers"]
    assert writes >= 8


def test_the_documented_key_pattern_is_exactly_what_the_server_accepts():
    accepted = ["a", "x" * 255, "8e03978e-40d5-43e8-bc93-6894a57f9324", "with inner space", '"quoted"',
                '"' + "x" * 255 + '"', '"esc\\"aped"']
    for header in accepted + MALFORMED_KEYS:
        documented = re.fullmatch(KEY_PATTERN, header) is not None
        try:
            parse_key(header)
            taken = True
        except HttpProblem:
            taken = False
        assert documented == taken == (header in accepted), header
