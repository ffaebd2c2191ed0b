"""The OpenAPI document: valid, complete, and what the responses really look like; the docs page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from api.app import create_app
from api.openapi import PUBLIC, Link, Route, operation
from tests.support.http import PROBLEM_JSON

EXPECTED_OPERATIONS = {
    ("/auth/register", "post"), ("/auth/login", "post"), ("/auth/logout", "post"),
    ("/users/{user_id}/maxes", "get"), ("/users/{user_id}/maxes/{lift}", "put"),
    ("/health", "get"), ("/openapi.json", "get"), ("/docs", "get"), ("/docs/openapi-3.0.json", "get"),
    ("/problems", "get"), ("/problems/{code}", "get"), ("/lifts", "get"),
    ("/programs", "get"), ("/programs/{slug}", "get"), ("/programs/{slug}/preview", "get"),
    ("/machines", "get"), ("/machines/{name}", "get"),
    ("/users/{user_id}/enrollment", "post"), ("/users/{user_id}/enrollment", "get"),
    ("/users/{user_id}/enrollment", "delete"), ("/users/{user_id}/enrollment/next-cycle", "post"),
    ("/users/{user_id}/enrollment/advance-week", "post"),
    ("/workouts/start", "post"), ("/workouts/{workout_id}", "get"), ("/workouts/{workout_id}", "patch"),
    ("/workouts/{workout_id}/sets", "post"), ("/users/me/equipment", "get"), ("/users/me/equipment", "put"),
    ("/workouts/{workout_id}/sets/{set_index}", "patch"), ("/workouts/{workout_id}/sets/{set_index}", "delete"),
    ("/workouts/{workout_id}/finish", "post"), ("/workouts/{workout_id}/abandon", "post"),
    ("/users/{user_id}/workouts", "get"), ("/users/{user_id}/workouts/current", "get"),
    ("/users/{user_id}/progression-logs", "get"), ("/users/{user_id}/events", "get"),
    ("/users/{user_id}/sets", "get"), ("/users/{user_id}/slots/history", "get"),
    ("/users/{user_id}/lifts/{lift}/history", "get"), ("/users/{user_id}/records", "get"),
    ("/users/me/export", "get"), ("/users/me/export/sets.csv", "get"),
    ("/users/me", "get"), ("/users/me", "patch"), ("/users/me", "delete"), ("/users/me/password", "post"),
    ("/auth/logout-all", "post"),
}


@pytest.fixture
def document(client):
    return client.get("/openapi.json").json


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_the_docs_rendering_is_valid_openapi_3_0(client, document):
    legacy = client.get("/docs/openapi-3.0.json").json
    assert legacy["openapi"] == "3.0.3"
    validate(legacy)
    assert legacy["paths"].keys() == document["paths"].keys()
    weight = legacy["components"]["schemas"]["LiftMaxInput"]["properties"]["weight"]
    assert (weight["maximum"], weight["exclusiveMaximum"]) == (2000, True)


def test_an_invalid_document_would_be_caught(document):
    broken = {**document, "paths": {"/x": {"get": {"responses": {"200": {"content": "nope"}}}}}}
    with pytest.raises(OpenAPIValidationError):
        validate(broken)


def test_every_endpoint_is_documented(document):
    documented = {(path, method) for path, item in document["paths"].items() for method in item}
    assert documented == EXPECTED_OPERATIONS


def test_every_error_response_is_a_problem_and_lists_its_codes(document):
    for path, item in document["paths"].items():
        for method, described in item.items():
            errors = {s: r for s, r in described["responses"].items() if int(s) >= 400}
            assert "500" in errors, (path, method)
            for response in errors.values():
                assert response["content"][PROBLEM_JSON]["schema"] == {"$ref": "#/components/schemas/Problem"}
                assert "`" in response["description"]


def test_protected_operations_declare_bearer_auth_and_401(document):
    maxes = document["paths"]["/users/{user_id}/maxes"]["get"]
    assert maxes["security"] == [{"bearerAuth": []}]
    assert {"401", "403", "404"} <= maxes["responses"].keys()
    assert document["paths"]["/auth/login"]["post"]["security"] == []


def test_request_bodies_are_the_schemas_that_validate_requests(document):
    register = document["paths"]["/auth/register"]["post"]
    assert register["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/RegisterRequest"
    }
    schema = document["components"]["schemas"]["RegisterRequest"]
    assert schema["additionalProperties"] is False
    assert schema["properties"]["password"]["minLength"] == 8
    assert {"400", "415", "422"} <= register["responses"].keys()


def test_real_responses_conform_to_their_documented_schemas(client, lifts):
    lifter = client.register()
    client.put(f"/users/{lifter.id}/maxes/squat", json={"weight": 100, "unit": "kg", "reps": 3}, token=lifter.token)
    samples = {
        "SignedIn": client.login(lifter.email).json,
        "LiftMaxList": client.get(f"/users/{lifter.id}/maxes", token=lifter.token).json,
        "Health": client.get("/health").json,
        "Problem": client.get(f"/users/{lifter.id}/maxes").json,
    }
    for schema, body in samples.items():
        client.contract.validator({"$ref": f"#/components/schemas/{schema}"}).validate(body)
    assert samples["LiftMaxList"]["maxes"][0]["reps"] == 3


def test_the_contract_check_rejects_an_undocumented_shape(client_with_test_routes):
    with pytest.raises(AssertionError, match="documented schema"):
        client_with_test_routes.get("/test/lie")


def test_docs_page_serves_swagger_ui_from_this_server(client):
    page = client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "/docs/openapi-3.0.json" in page.text
    assert "https://" not in page.text  # no CDN
    for asset, content_type in [("swagger-ui-bundle.js", "javascript"), ("swagger-ui.css", "text/css"),
                                ("swagger-ui-standalone-preset.js", "javascript")]:
        assert f"/docs/static/{asset}" in page.text
        result = client.get(f"/docs/static/{asset}")
        assert result.status_code == 200 and content_type in result.headers["content-type"]
        assert len(result.content) > 1000


def test_static_files_cannot_escape_their_directory(client):
    assert client.get("/docs/static/../../../etc/passwd").status_code == 404


def test_links_lead_along_the_lifters_path(document):
    def links(path, method, status):
        return document["paths"][path][method]["responses"][status]["links"]

    enroll = links("/auth/register", "post", "201")["enroll"]
    assert enroll == {"operationId": "postEnrollment", "description": "Enroll in a program", "parameters": {
        "user_id": "$response.body#/user/id", "header.Authorization": "Bearer {$response.body#/token}"}}
    assert links("/auth/register", "post", "201")["login"]["requestBody"]["email"] == "$request.body#/email"
    assert links("/users/{user_id}/enrollment", "post", "201")["startWorkout"]["operationId"] == "postWorkoutStart"
    log_set = links("/workouts/start", "post", "201")["logSet"]
    assert log_set["parameters"] == {"workout_id": "$response.body#/workout/id"}
    assert log_set["requestBody"] == {"set_index": "$response.body#/workout/sets/0/set_index"}
    assert links("/workouts/{workout_id}/sets", "post", "201")["finish"]["operationId"] == "postWorkoutFinish"
    assert links("/workouts/{workout_id}/finish", "post", "200")["startNext"]["operationId"] == "postWorkoutStart"


def test_every_link_names_an_operation_and_its_parameters(document):
    operations = {op["operationId"]: op for item in document["paths"].values() for op in item.values()}
    followed = 0
    for item in document["paths"].values():
        for described in item.values():
            for response in described["responses"].values():
                for link in response.get("links", {}).values():
                    target = operations[link["operationId"]]
                    names = {parameter["name"] for parameter in target["parameters"]}
                    for parameter in link.get("parameters", {}):
                        location, _, name = parameter.rpartition(".")
                        assert location == "header" or name in names, (link, parameter)
                    followed += 1
    assert followed >= 40


def test_a_link_to_an_operation_that_is_not_mounted_is_refused(services):
    class Leading:
        @operation(summary="Leads nowhere", tag="test", access=PUBLIC, responses={200: None},
                   links={"next": Link("getNowhere")})
        def on_get(self, req, resp):
            pass

    module = SimpleNamespace(SCHEMAS={}, routes=lambda services: [Route("/test/leading", Leading())])
    with pytest.raises(ValueError, match="getNowhere"):
        create_app(services, extra_modules=[module])
