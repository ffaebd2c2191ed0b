"""The API's declarations: each responder states its operation once, and everything reads it.

A responder is decorated with ``@operation(...)``: summary, who may call it, the component
schema of its JSON body and of each response, its query parameters and the domain error codes
it can answer with. ``ApiSpec`` collects those declarations from the mounted resources; the
request validation middleware, the authentication middleware and the OpenAPI document
(``api.openapi_document``) all read them, so what is documented is exactly what is enforced.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from .errors import ERROR_CODES, PROBLEM_SCHEMAS, status_of
from .json_schema import ApiValidator, check_schema, quick_check

PUBLIC = "public"  # anyone
USER = "user"  # any signed-in user
OWNER = "owner"  # the user named by the {user_id} path parameter, or an admin
ADMIN = "admin"  # admins only
OWNER_PARAM = "user_id"
HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IDEMPOTENCY_ERRORS = ((409, "idempotency_key_in_flight"), (422, "idempotency_key_reused"),
                      (422, "validation_failed"))

SchemaRef = str | dict  # a component schema's name, or an inline JSON Schema
_BASE_URI = "urn:powerpro:api"
_LOCATIONS = ("path", "query", "header")


@dataclass(frozen=True)
class Link:
    """An OpenAPI link from an operation's success response to the call that usually follows it.

    ``parameters`` maps a target parameter (``user_id``, or ``header.Authorization``) to a runtime
    expression (``$response.body#/user/id``); ``request_body`` is merged into the target's body.
    Clients read links as "what to call next, with what"; schemathesis follows them to build
    request sequences (tests/api/test_properties_schemathesis.py).
    """

    operation_id: str
    parameters: Mapping[str, str] = field(default_factory=dict)
    request_body: Any = None
    description: str = ""

    def as_openapi(self) -> dict[str, Any]:
        result: dict[str, Any] = {"operationId": self.operation_id}
        if self.parameters:
            result["parameters"] = dict(self.parameters)
        if self.request_body is not None:
            result["requestBody"] = self.request_body
        if self.description:
            result["description"] = self.description
        return result


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    responses: Mapping[int, SchemaRef | None]  # success status -> body schema (None: no body)
    access: str = USER
    request: str | None = None  # component schema of the JSON request body
    request_optional: bool = False  # True: a request without a body is the empty object (nothing to say)
    query: Mapping[str, dict] = field(default_factory=dict)  # query parameter -> JSON Schema
    path_params: Mapping[str, dict] = field(default_factory=dict)  # overrides the plain string
    errors: tuple[str, ...] = ()  # domain error codes, beyond those the declaration implies
    media_type: str = "application/json"  # of the success responses
    description: str = ""
    links: Mapping[str, Link] = field(default_factory=dict)  # name -> the call that may follow a success

    def error_responses(self, has_path_params: bool = False, keyed: bool = False) -> list[tuple[int, str]]:
        """Every (status, code) this operation can answer with, implied ones included;
        ``keyed``: it takes an Idempotency-Key (``takes_idempotency_key``)."""
        codes = [(status_of(code), code) for code in self.errors]
        if keyed:
            codes += IDEMPOTENCY_ERRORS
        if self.request:
            codes += [(400, "validation_failed"), (400, "json_too_deep"), (413, "payload_too_large"),
                      (415, "unsupported_media_type")]
        if self.request or self.query or has_path_params:  # path parameters: no control characters
            codes.append((422, "validation_failed"))
        if self.access != PUBLIC:
            codes.append((401, "unauthenticated"))
        if self.access in (OWNER, ADMIN):
            codes.append((403, "forbidden"))
        codes.append((500, "internal_error"))
        codes += [(503, "busy"), (503, "database_unavailable")]  # every operation reads the database
        return sorted(set(codes))


def takes_idempotency_key(method: str, op: Operation) -> bool:
    """Every authenticated write takes an Idempotency-Key: whatever route declares it, by its
    method alone. Public writes (register, login) do not: their answers hold a bearer token,
    which is never stored, and a retried registration answers email_taken (then log in)."""
    return method.upper() in WRITE_METHODS and op.access != PUBLIC


def operation(**declaration: Any) -> Callable:
    """Declare a responder's operation: ``@operation(summary=..., tag=..., responses={200: "X"})``."""
    declared = Operation(**declaration)

    def mark(responder: Callable) -> Callable:
        responder.__operation__ = declared
        return responder

    return mark


@dataclass(frozen=True)
class Route:
    path: str
    resource: object
    suffix: str | None = None


@dataclass(frozen=True)
class DeclaredOperation:
    path: str
    method: str
    operation: Operation
    operation_id: str

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{(\w+)}", self.path)

    @property
    def keyed(self) -> bool:
        return takes_idempotency_key(self.method, self.operation)


class ApiSpec:
    def __init__(self, title: str, version: str, description: str = "") -> None:
        self.title, self.version, self.description = title, version, description
        self.schemas: dict[str, dict] = {}
        self._operations: dict[tuple[str, str], DeclaredOperation] = {}
        self._validators: dict[str, ApiValidator] = {}
        self._quick_checks: dict[str, Callable[[Any], bool]] = {}
        self.add_schemas(PROBLEM_SCHEMAS)

    def add_schemas(self, schemas: Mapping[str, dict]) -> None:
        for name, schema in schemas.items():
            if name in self.schemas and self.schemas[name] != schema:
                raise ValueError(f"two different component schemas are both named {name!r}")
            check_schema(schema)
            self.schemas[name] = schema
        self._validators.clear()
        self._quick_checks.clear()

    def add_route(self, route: Route) -> None:
        for method in HTTP_METHODS:
            responder = getattr(route.resource, _responder_name(method, route.suffix), None)
            if responder is None:
                continue
            declared = getattr(responder, "__operation__", None)
            if declared is None:
                raise ValueError(f"{method} {route.path}: decorate the responder with @operation to document it")
            self._check_declaration(route.path, declared)
            operation_id = _operation_id(method, route.resource, route.suffix)
            self._operations[(route.path, method)] = DeclaredOperation(route.path, method, declared, operation_id)

    def operation_for(self, path_template: str | None, method: str) -> Operation | None:
        declared = self._operations.get((path_template or "", method.upper()))
        return declared.operation if declared else None

    def operations(self) -> list[DeclaredOperation]:
        return sorted(self._operations.values(), key=lambda d: (d.path, HTTP_METHODS.index(d.method)))

    def check_links(self) -> None:
        """Every link names a mounted operation and only parameters it has (after every route is added)."""
        by_id = {declared.operation_id: declared for declared in self._operations.values()}
        for declared in self._operations.values():
            for name, link in declared.operation.links.items():
                target = by_id.get(link.operation_id)
                where = f"{declared.method} {declared.path}: link {name!r}"
                if target is None:
                    raise ValueError(f"{where} names no mounted operation {link.operation_id!r}")
                unknown = [p for p in link.parameters if not _link_parameter_exists(target, p)]
                if unknown:
                    raise ValueError(f"{where}: {target.operation_id} has no parameters {unknown}")

    def validator(self, schema: SchemaRef) -> ApiValidator:
        """A Draft 2020-12 validator for a component (by name) or an inline schema using them."""
        if isinstance(schema, dict):
            return _validator(self.schemas, schema)
        if schema not in self._validators:
            self._validators[schema] = _validator(self.schemas, {"$ref": f"#/components/schemas/{schema}"})
        return self._validators[schema]

    def quick_check(self, schema: str) -> Callable[[Any], bool]:
        """True of an instance only when ``validator(schema)`` finds no error in it (``json_schema.quick_check``)."""
        if schema not in self._quick_checks:
            self._quick_checks[schema] = quick_check({**_document(self.schemas, component_ref(schema)),
                                                      "$ref": "#/target"})
        return self._quick_checks[schema]

    def _check_declaration(self, path: str, declared: Operation) -> None:
        if declared.access == OWNER and f"{{{OWNER_PARAM}}}" not in path:
            raise ValueError(f"{path}: access=OWNER needs a {{{OWNER_PARAM}}} path parameter")
        unknown_codes = [code for code in declared.errors if code not in ERROR_CODES]
        if unknown_codes:
            raise ValueError(f"{path}: add {unknown_codes} to api.errors.ERROR_CODES before declaring them")
        if any(status >= 400 for status in declared.responses):
            raise ValueError(f"{path}: errors are problems; declare their codes in errors=, not responses=")
        named = [declared.request, *(s for s in declared.responses.values() if isinstance(s, str))]
        missing = [name for name in named if name and name not in self.schemas]
        if missing:
            raise ValueError(f"{path} refers to undeclared component schemas {missing}")


def _link_parameter_exists(target: DeclaredOperation, parameter: str) -> bool:
    location, _, name = parameter.rpartition(".")
    if location == "header":
        return True  # headers (the bearer token) are not declared as parameters
    if location not in ("", *_LOCATIONS):
        return False
    return name in target.path_params or name in target.operation.query


def component_ref(schema: SchemaRef) -> dict:
    return {"$ref": f"#/components/schemas/{schema}"} if isinstance(schema, str) else schema


def _document(components: dict[str, dict], schema: dict) -> dict:
    return {"components": {"schemas": components}, "target": schema}


def _validator(components: dict[str, dict], schema: dict) -> ApiValidator:
    # The target sits inside a document holding the components, so "#/components/schemas/X"
    # references resolve exactly as they do in the OpenAPI document.
    registry = Registry().with_resource(_BASE_URI, DRAFT202012.create_resource(_document(components, schema)))
    return ApiValidator(
        {"$ref": f"{_BASE_URI}#/target"}, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _responder_name(method: str, suffix: str | None) -> str:
    return f"on_{method.lower()}" + (f"_{suffix}" if suffix else "")


def _operation_id(method: str, resource: object, suffix: str | None) -> str:
    name = type(resource).__name__.removesuffix("Resource")
    return method.lower() + name + (suffix.title().replace("_", "") if suffix else "")
