"""HTTP helpers for API and end-to-end tests: a client that checks every answer against the docs.

``ApiClient`` drives the WSGI app through falcon's TestClient (real HTTP semantics, no
socket) and validates each response against the app's own ``/openapi.json``: the status
must be documented for the operation and the body must match its schema, and every error
must be problem+json. So each test that calls the API is also a contract test.

    client = ApiClient(create_app(services))
    lifter = client.register()                     # a new user, signed in
    client.put(f"/users/{lifter.id}/maxes/squat", json={...}, token=lifter.token)
    problem = assert_problem(client.get("/users/x/maxes", token=lifter.token), 403, "forbidden")
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from falcon.testing import Result, TestClient
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from tests.support.recording import Exchange, exchange

PROBLEM_JSON = "application/problem+json"
ALWAYS_CHECKED = 30  # answers per (operation, status) whose bodies are all validated
EVERY_NTH = 10  # after those, one in this many
DEFAULT_PASSWORD = "correct horse battery"
_emails = itertools.count(1)


def unique_email(prefix: str = "lifter") -> str:
    return f"{prefix}{next(_emails)}@example.com"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@dataclass(frozen=True)
class Lifter:
    """A registered, signed-in user as the client sees them."""

    id: str
    email: str
    password: str
    token: str
    body: dict

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


class ApiClient:
    def __init__(self, app, check_contract: bool = True) -> None:
        self.app = app
        self.http = TestClient(app)
        self.check_contract = check_contract
        self.recorded: list[Exchange] | None = None  # a list to keep every exchange in (the recorder fixture)

    def request(self, method: str, path: str, *, json: Any = None, token: str | None = None,
                headers: dict[str, str] | None = None, step: str = "", **kwargs: Any) -> Result:
        headers = {**(bearer(token) if token else {}), **(headers or {})}
        result = self.http.simulate_request(method, path, json=json, headers=headers, **kwargs)
        if self.check_contract:
            self.contract.check(method, path, result)
        if self.recorded is not None:
            self.recorded.append(self.exchange(step, method, path, json, result, "Authorization" in headers))
        return result

    def exchange(self, step: str, method: str, path: str, body: Any, result: Result, authorized: bool) -> Exchange:
        return exchange(step, method, path, body, result, self.contract.operation_id(method, path), authorized)

    def get(self, path: str, **kwargs: Any) -> Result:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Result:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Result:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Result:
        return self.request("DELETE", path, **kwargs)

    @cached_property
    def contract(self) -> Contract:
        return Contract(self.http.simulate_get("/openapi.json").json)

    def register(self, email: str | None = None, password: str = DEFAULT_PASSWORD, **fields: Any) -> Lifter:
        email = email or unique_email()
        result = self.post("/auth/register", json={"email": email, "password": password, **fields})
        assert result.status_code == 201, result.text
        return Lifter(id=result.json["user"]["id"], email=email, password=password,
                      token=result.json["token"], body=result.json)

    def login(self, email: str, password: str = DEFAULT_PASSWORD) -> Result:
        return self.post("/auth/login", json={"email": email, "password": password})


def assert_problem(result: Result, status: int, code: str) -> dict:
    """The problem document of an error response, after checking its status, type and code."""
    assert result.status_code == status, f"expected {status} {code}, got {result.status}: {result.text}"
    assert result.headers["content-type"] == PROBLEM_JSON
    problem = result.json
    assert problem["code"] == code, problem
    assert problem["status"] == status and problem["detail"] and problem["title"]
    return problem


def invalid_paths(problem: dict) -> set[str]:
    return {field["path"] for field in problem.get("invalid_fields", [])}


class Contract:
    """Checks responses against an OpenAPI 3.1 document."""

    def __init__(self, document: dict) -> None:
        self.document = document
        self._routes = [(_template_regex(path), path) for path in document["paths"]]
        self._seen: dict[tuple, int] = {}

    def validator(self, schema: dict) -> Draft202012Validator:
        # Placed inside the document, the schema's "#/components/..." references resolve there.
        registry = Registry().with_resource("urn:target", DRAFT202012.create_resource(
            {**self.document, "x-target": schema}))
        return Draft202012Validator({"$ref": "urn:target#/x-target"}, registry=registry,
                                    format_checker=Draft202012Validator.FORMAT_CHECKER)

    def schema(self, name: str) -> dict:
        return self.document["components"]["schemas"][name]

    def check(self, method: str, path: str, result: Result) -> None:
        content_type = (result.headers.get("content-type") or "").split(";")[0]
        if result.status_code >= 400:
            assert content_type == PROBLEM_JSON, f"{method} {path}: error {result.status} is {content_type}"
        operation = self._operation(method, path.split("?")[0])
        if operation is None:  # unknown routes, static files
            if result.status_code >= 400:
                self._check_body(result, {"$ref": "#/components/schemas/Problem"})
            return
        documented = operation["responses"].get(str(result.status_code))
        assert documented, f"{method} {path} answered {result.status}, which its OpenAPI entry does not list"
        media = documented.get("content", {})
        if not media:
            assert not result.content, f"{method} {path}: {result.status} is documented without a body"
            return
        assert content_type in media, f"{method} {path}: {content_type} is not among {list(media)}"
        if content_type.endswith("json") and self._sampled(method, path, result.status_code):
            self._check_body(result, media[content_type]["schema"])

    def _sampled(self, method: str, path: str, status: int) -> bool:
        """Bodies of an operation's first answers are all validated, then one in EVERY_NTH: a
        program's E2E run logs a thousand sets of one shape, and validating each costs ~13 ms."""
        key = (method, self._template(path), status)
        self._seen[key] = count = self._seen.get(key, 0) + 1
        return count <= ALWAYS_CHECKED or count % EVERY_NTH == 0

    def _check_body(self, result: Result, schema: dict) -> None:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in self.validator(schema).iter_errors(result.json)]
        assert not errors, f"response does not match its documented schema: {errors}\n{result.text}"

    def operation_id(self, method: str, path: str) -> str | None:
        operation = self._operation(method, path.split("?")[0])
        return operation["operationId"] if operation else None

    def _operation(self, method: str, path: str) -> dict | None:
        template = self._template(path)
        return self.document["paths"][template].get(method.lower()) if template else None

    def _template(self, path: str) -> str | None:
        return next((template for regex, template in self._routes if regex.fullmatch(path)), None)


def _template_regex(template: str) -> re.Pattern:
    return re.compile(re.sub(r"\\{\w+\\}", "[^/]+", re.escape(template)))
