"""The OpenAPI document's examples: one for every request body and every declared response of
every operation, each an answer a test recorded (api/examples.json, written by `scripts/docs`).

A new endpoint gets its examples from an E2E test calling it through ``Frontend.call`` (or an
API test asking for the ``recorder`` fixture), then `scripts/docs`: until then the first test
here names what is missing.
"""

from __future__ import annotations

import re

import falcon.testing
import pytest

from api.app import create_app
from api.openapi_document import recorded_examples
from cli.docs import offline_services
from tests.support.http import Contract


@pytest.fixture(scope="module")
def document() -> dict:
    return falcon.testing.TestClient(create_app(offline_services())).simulate_get("/openapi.json").json


def each_operation(document: dict):
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            yield f"{method.upper()} {path}", op


def test_every_request_body_and_declared_response_has_a_recorded_example(document):
    missing = []
    for name, op in each_operation(document):
        if "requestBody" in op and not op["requestBody"]["content"]["application/json"].get("examples"):
            missing.append(f"{name} ({op['operationId']}): request body")
        missing += [f"{name} ({op['operationId']}): {status}" for status, response in op["responses"].items()
                    if any(not media.get("examples") for media in response.get("content", {}).values())]
    assert not missing, ("no recorded example for these; record them in an E2E test (Frontend.call) or an API test "
                         "using the `recorder` fixture, then run scripts/docs:\n  " + "\n  ".join(missing))


def test_every_example_is_valid_for_its_schema_and_an_error_is_one_its_response_declares(document):
    contract = Contract(document)
    wrong = []
    for name, op in each_operation(document):
        bodies = [("request", media) for media in op.get("requestBody", {}).get("content", {}).values()]
        bodies += [(status, media) for status, response in op["responses"].items()
                   for media in response.get("content", {}).values()]
        for status, media in bodies:
            for example_name, example in media.get("examples", {}).items():
                value = example["value"]
                if not isinstance(value, str):  # an HTML page or CSV text is not JSON
                    wrong += [f"{name} {status} {example_name}: {e.message}"
                              for e in contract.validator(media["schema"]).iter_errors(value)]
                if status != "request" and int(status) >= 400:
                    codes = re.findall(r"`(\w+)`", op["responses"][status]["description"])
                    if value["status"] != int(status) or value["code"] not in codes or example_name != value["code"]:
                        wrong.append(f"{name} {status}: example {example_name} is {value['status']} {value['code']}")
    assert not wrong, "\n".join(wrong)


def test_no_example_is_invented():
    """Each one names the test that recorded it, and none is a schema's made-up value."""
    for operation, examples in recorded_examples().items():
        every = [examples.get("request")] + [e for by_name in examples["responses"].values() for e in by_name.values()]
        for example in filter(None, every):
            assert re.match(r"Recorded by `tests/(e2e|api)/test_\w+\.py::test_\w+", example["description"]), operation


def test_every_description_keeps_its_angle_brackets_inside_code(document):
    """Swagger UI renders descriptions as Markdown, where a bare `<token>` is an HTML tag and vanishes."""
    descriptions = []

    def collect(node):
        if isinstance(node, dict):
            descriptions.extend(v for k, v in node.items() if k == "description" and isinstance(v, str))
            for key, value in node.items():
                if key != "examples":
                    collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(document)
    bare = [d for d in descriptions if re.search(r"<\w+>", re.sub(r"`[^`]*`", "", d))]
    assert not bare, bare
    assert "`Authorization: Bearer <token>`" in document["components"]["securitySchemes"]["bearerAuth"]["description"]


def test_swagger_uis_3_0_document_carries_the_same_examples(document):
    """/docs renders the 3.0 document: its downgrade leaves the recorded bodies as they were."""
    document_3_0 = falcon.testing.TestClient(create_app(offline_services())).simulate_get(
        "/docs/openapi-3.0.json").json
    for path, methods in document["paths"].items():
        for method, op in methods.items():
            for status, response in op["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    served = document_3_0["paths"][path][method]["responses"][status]["content"][media_type]
                    assert served.get("examples") == media.get("examples"), f"{method} {path} {status}"
