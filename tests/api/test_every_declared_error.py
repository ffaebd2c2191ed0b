"""Every operation answers each error its declaration implies, with that status and code.

The implied errors (no token, another user's id, a bad path parameter or body, a failure the
server did not expect, a busy or unreachable database) are declared for many operations at once
(``Operation.error_responses``); here each operation is made to answer each of them for real.
With POWERPRO_GUIDE_DIR set, the ``recorder`` keeps the answers: they are the examples of those
responses in the OpenAPI document (cli/api_examples.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from api.app import create_app
from api.validation import RequestValidation
from engine import accounts
from tests.support.http import DEFAULT_PASSWORD, ApiClient, assert_problem

PATH_VALUES = {"user_id": "{user}", "workout_id": "0b7d3c1e-9a53-4c55-8b4e-2f1d6c2a9e10", "lift": "squat",
               "name": "session", "slug": "starting-strength", "code": "not_enrolled"}
FAILURES = {  # what the server meets -> the problem it answers
    "internal_error": (500, RuntimeError("an unexpected failure")),
    "busy": (503, PoolTimeout("QueuePool limit reached, connection timed out")),
    "database_unavailable": (503, OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))),
}


def operations(client: ApiClient):
    """(method, path template, operation) of every documented operation."""
    for template, methods in client.contract.document["paths"].items():
        for method, op in methods.items():
            yield method.upper(), template, op


def concrete(template: str, owner: str, **values: str) -> str:
    values = {**PATH_VALUES, **values}
    return re.sub(r"{(\w+)}", lambda m: values.get(m.group(1), "1").format(user=owner), template)


def declared_codes(op: dict, status: int) -> set[str]:
    return set(re.findall(r"`(\w+)`", op["responses"].get(str(status), {}).get("description", "")))


def signed_in(client: ApiClient, email: str):
    return client.register(email=email)


def signed_in_admin(client: ApiClient, services) -> str:
    accounts.create_admin(services.uow(), "admin@example.com", DEFAULT_PASSWORD)
    return client.login("admin@example.com").json["token"]


@pytest.mark.parametrize("code", sorted(FAILURES))
def test_every_operation_answers_a_failure_it_did_not_expect(services, client, recorder, monkeypatch, code):
    status, failure = FAILURES[code]

    def fail(*args, **kwargs):
        raise failure

    lifter = signed_in(client, f"failures-{code.replace('_', '-')}@example.com")
    monkeypatch.setattr(RequestValidation, "process_resource", fail)  # before the app binds its middleware
    failing = recorder.watch(ApiClient(create_app(services)))
    failing.contract = client.contract  # the failing app cannot serve its own document
    for method, template, op in operations(client):
        assert code in declared_codes(op, status), f"{method} {template} does not declare {code}"
        result = failing.request(method, concrete(template, lifter.id), token=lifter.token)
        assert_problem(result, status, code)


def test_every_operation_behind_a_token_answers_401_without_one(client, recorder):
    lifter = signed_in(client, "no-token@example.com")
    checked = 0
    for method, template, op in operations(client):
        if op["security"]:
            assert_problem(client.request(method, concrete(template, lifter.id)), 401, "unauthenticated")
            checked += 1
    assert checked > 10


def test_every_operation_on_a_user_answers_403_to_another_user(client, recorder):
    owner, other = signed_in(client, "owner@example.com"), signed_in(client, "other@example.com")
    checked = 0
    for method, template, _ in operations(client):
        if "{user_id}" in template:
            body = {"weight": 100, "unit": "lb"} if method == "PUT" else None
            result = client.request(method, concrete(template, owner.id), token=other.token, json=body)
            assert_problem(result, 403, "forbidden")
            checked += 1
    assert checked > 5


def test_a_path_parameter_with_a_control_character_is_422(client, recorder, services, lifts):
    admin = signed_in_admin(client, services)  # whom another user's id does not stop with 403
    for method, template, _ in operations(client):
        names = re.findall(r"{(\w+)}", template)
        if not names:
            continue
        last = names[-1]
        path = concrete(template, "0b7d3c1e-9a53-4c55-8b4e-2f1d6c2a9e10", **{last: "bad%01value"})
        body = {"weight": 100, "unit": "lb"} if method == "PUT" else None
        problem = assert_problem(client.request(method, path, token=admin, json=body), 422, "validation_failed")
        assert problem["invalid_fields"][0]["path"] == f"path.{last}"


@pytest.mark.parametrize(("status", "code", "body", "content_type"), [
    (400, "json_too_deep", "[" * 40 + "]" * 40, "application/json"),
    (400, "validation_failed", '{"unfinished": ', "application/json"),
    (413, "payload_too_large", '{"padding": "' + "x" * (1 << 20) + '"}', "application/json"),
    (415, "unsupported_media_type", "reps=5", "application/x-www-form-urlencoded"),
    (422, "validation_failed", '{"no_such_field": true}', "application/json"),
], ids=["too deep", "not JSON", "too large", "not JSON at all", "not the schema"])
def test_every_operation_with_a_body_refuses_a_body_it_cannot_read(client, recorder, status, code, body, content_type):
    lifter = signed_in(client, f"bodies-{status}-{code.replace('_', '-')}@example.com")
    checked = 0
    for method, template, op in operations(client):
        if "requestBody" in op:
            result = client.request(method, concrete(template, lifter.id), token=lifter.token, body=body,
                                    headers={"Content-Type": content_type})
            assert_problem(result, status, code)
            checked += 1
    assert checked >= 4


def test_repeated_failed_sign_ins_and_registrations_are_429(services, recorder):
    strict = replace(services, settings=replace(services.settings, login_failures_per_account=1,
                                                registrations_per_address=1))
    client = recorder.watch(ApiClient(create_app(strict)))
    lifter = signed_in(client, "throttled@example.com")
    assert_problem(client.login(lifter.email, "not the password"), 401, "invalid_credentials")
    assert_problem(client.login(lifter.email, "not the password"), 429, "too_many_attempts")
    assert_problem(client.post("/auth/register", json={"email": "second@example.com", "password": DEFAULT_PASSWORD}),
                   429, "too_many_attempts")


def test_an_admin_asking_for_an_unknown_users_maxes_is_404(client, recorder, services, lifts):
    token = signed_in_admin(client, services)
    unknown = "/users/0b7d3c1e-9a53-4c55-8b4e-2f1d6c2a9e10/maxes"
    assert_problem(client.get(unknown, token=token), 404, "user_not_found")
    assert_problem(client.put(f"{unknown}/squat", json={"weight": 100, "unit": "lb"}, token=token),
                   404, "user_not_found")
