"""The error translation layer: bugs, unknown routes, falcon errors, unknown codes."""

from __future__ import annotations

import importlib
import logging
import pkgutil

import pytest

from api.app import create_app
from api.errors import ERROR_CODES
from api.openapi import Route
from tests.support.http import ApiClient, assert_problem


def test_an_unexpected_exception_is_a_500_problem_without_internals(client_with_test_routes, caplog):
    with caplog.at_level(logging.ERROR, logger="powerpro.api"):
        result = client_with_test_routes.get("/test/explode")

    problem = assert_problem(result, 500, "internal_error")
    assert "hunter2" not in result.text and "Traceback" not in result.text and "RuntimeError" not in result.text
    assert problem["error_id"] in problem["detail"]
    logged = [r for r in caplog.records if problem["error_id"] in r.getMessage()]
    assert logged and "hunter2" in str(logged[0].exc_info[1])  # the operator sees the cause


def test_unknown_route_is_a_404_problem(client):
    problem = assert_problem(client.get("/no/such/thing"), 404, "not_found")
    assert problem["instance"] == "/no/such/thing"
    assert "/openapi.json" in problem["detail"]


def test_wrong_method_is_a_405_problem_with_allow(client):
    result = client.delete("/health")
    assert_problem(result, 405, "method_not_allowed")
    assert "GET" in result.headers["allow"]


def test_falcon_errors_keep_their_status_and_description(client_with_test_routes):
    problem = assert_problem(client_with_test_routes.get("/test/falcon-error"), 409, "conflict")
    assert problem["detail"] == "Someone else got there first."
    assert problem["type"] == "/problems/conflict"


def test_a_domain_error_missing_from_the_table_is_still_a_problem(services, caplog):
    from tests.api.extra_routes import MODULE

    client = ApiClient(create_app(services, extra_modules=[MODULE]), check_contract=False)
    with caplog.at_level(logging.WARNING, logger="powerpro.api"):
        result = client.get("/test/unknown-code")
    problem = assert_problem(result, 400, "made_up_refusal")
    assert problem["hint"] == "x"
    assert "made_up_refusal" in caplog.text  # so the missing table row gets noticed


def test_every_code_is_described_under_problems(client):
    listed = {p["code"]: p["status"] for p in client.get("/problems").json["problems"]}
    assert listed == {code: status for code, (status, _) in ERROR_CODES.items()}
    assert client.get("/problems/email_taken").json == {"code": "email_taken", "status": 409,
                                                        "title": ERROR_CODES["email_taken"][1]}
    assert_problem(client.get("/problems/nope"), 404, "not_found")


def test_extensions_cannot_overwrite_standard_members(client, lifts):
    lifter = client.register()
    problem = client.put(f"/users/{lifter.id}/maxes/curl", json={"weight": 1, "unit": "kg"}, token=lifter.token).json
    assert problem["status"] == 404 and problem["code"] == "unknown_lift"


def test_a_responder_without_a_declaration_cannot_be_mounted(services):
    class Undocumented:
        def on_get(self, req, resp):
            pass

    module = type("Module", (), {"routes": staticmethod(lambda services: [Route("/x", Undocumented())])})
    with pytest.raises(ValueError, match="@operation"):
        create_app(services, extra_modules=[module])


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_domain_error_code_has_a_status_in_the_table():
    import engine
    from engine.errors import DomainError

    for module in pkgutil.walk_packages(engine.__path__, "engine."):
        importlib.import_module(module.name)
    codes = {cls.code for cls in _subclasses(DomainError) if cls.__module__.startswith("engine.")}
    assert {"email_taken", "unknown_lift", "invalid_transition"} <= codes  # the walk found the engine's errors
    assert codes - ERROR_CODES.keys() == set(), "add these codes to api.errors.ERROR_CODES"


def test_declaring_an_error_code_missing_from_the_table_fails_at_start_up(services):
    from api.openapi import PUBLIC, operation

    class Careless:
        @operation(summary="x", tag="test", access=PUBLIC, responses={200: None}, errors=("no_such_code",))
        def on_get(self, req, resp):
            pass

    module = type("Module", (), {"routes": staticmethod(lambda services: [Route("/x", Careless())])})
    with pytest.raises(ValueError, match="no_such_code"):
        create_app(services, extra_modules=[module])
