"""The OpenAPI 3.1 document, built from the declarations collected in ``ApiSpec``.

Also a 3.0 rendering of the same document: the Swagger UI bundled with swagger-ui-bundle
(4.x) only renders 3.0, so /docs reads that one; /openapi.json stays the 3.1 reference.
"""

from __future__ import annotations

import copy
from collections import defaultdict
from http import HTTPStatus
from typing import Any

from .errors import ERROR_CODES, PROBLEM_CONTENT_TYPE
from .idempotency import IDEMPOTENCY_HEADER, KEY_LIFETIME_HOURS, KEY_PATTERN, REPLAYED_HEADER
from .openapi import PUBLIC, ApiSpec, DeclaredOperation, component_ref
from .plain_text import PLAIN_TEXT_PATTERN

BEARER = "bearerAuth"
IDEMPOTENCY_KEY_PARAMETER = {
    "name": IDEMPOTENCY_HEADER, "in": "header", "required": False,
    "description": "Optional. A key of your own making (a UUID), unique per request: a retry with the same key "
                   "and the same body gets the first answer again (`Idempotent-Replayed: true`) and changes "
                   f"nothing, for {KEY_LIFETIME_HOURS} hours. The same key on another request is 422 "
                   "`idempotency_key_reused`; a retry while the first still runs is 409 `idempotency_key_in_flight`.",
    # The pattern bounds the length: 1 to MAX_KEY_LENGTH characters, bare or between quotes.
    "schema": {"type": "string", "pattern": KEY_PATTERN},
}
REPLAYED_HEADER_OBJECT = {
    "description": "`true` when this is the stored answer to an earlier request with the same Idempotency-Key",
    "schema": {"type": "string", "enum": ["true"]},
}


def build_document(spec: ApiSpec) -> dict[str, Any]:
    paths: dict[str, dict] = defaultdict(dict)
    for declared in spec.operations():
        paths[declared.path][declared.method.lower()] = _operation_object(declared)
    tags = sorted({d.operation.tag for d in spec.operations()})
    return {
        "openapi": "3.1.0",
        "info": {"title": spec.title, "version": spec.version, "description": spec.description},
        "tags": [{"name": tag} for tag in tags],
        "paths": dict(paths),
        "components": {
            "schemas": copy.deepcopy(spec.schemas),
            "securitySchemes": {
                BEARER: {"type": "http", "scheme": "bearer",
                         "description": "The token from /auth/register or /auth/login"}
            },
        },
    }


def _operation_object(declared: DeclaredOperation) -> dict[str, Any]:
    op = declared.operation
    result: dict[str, Any] = {
        "operationId": declared.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
        "security": [] if op.access == PUBLIC else [{BEARER: []}],
        "parameters": _path_parameters(declared) + _query_parameters(op.query) + _header_parameters(declared),
        "responses": {**_success_responses(op, declared.keyed),
                      **_error_responses(op, bool(declared.path_params), declared.keyed)},
    }
    if op.description:
        result["description"] = op.description
    if op.request:
        content = {"application/json": {"schema": component_ref(op.request)}}
        result["requestBody"] = {"required": True, "content": content}
    return result


def _path_parameters(declared: DeclaredOperation) -> list[dict]:
    overrides = declared.operation.path_params
    return [
        {"name": name, "in": "path", "required": True,
         "schema": {"type": "string", "pattern": PLAIN_TEXT_PATTERN, **overrides.get(name, {})}}
        for name in declared.path_params
    ]


def _query_parameters(query: dict[str, dict]) -> list[dict]:
    parameters = []
    for name, schema in query.items():
        parameter = {"name": name, "in": "query", "required": False, "schema": schema}
        if schema.get("description"):
            parameter["description"] = schema["description"]
        if schema.get("type") == "array":
            parameter.update(style="form", explode=False)  # ?status=A,B
        parameters.append(parameter)
    return parameters


def _header_parameters(declared: DeclaredOperation) -> list[dict]:
    return [IDEMPOTENCY_KEY_PARAMETER] if declared.keyed else []


def _success_responses(op, keyed: bool = False) -> dict[str, dict]:
    responses = {}
    for status, schema in op.responses.items():
        response: dict[str, Any] = {"description": HTTPStatus(status).phrase}
        if keyed:
            response["headers"] = {REPLAYED_HEADER: REPLAYED_HEADER_OBJECT}
        if schema is not None:
            response["content"] = {op.media_type: {"schema": component_ref(schema)}}
        if op.links:
            response["links"] = {name: link.as_openapi() for name, link in op.links.items()}
        responses[str(status)] = response
    return responses


def _error_responses(op, has_path_params: bool, keyed: bool = False) -> dict[str, dict]:
    codes_by_status: dict[int, list[str]] = defaultdict(list)
    for status, code in op.error_responses(has_path_params, keyed):
        codes_by_status[status].append(code)
    responses = {}
    for status, codes in codes_by_status.items():
        listed = "; ".join(f"`{code}`: {ERROR_CODES[code][1]}" for code in codes if code in ERROR_CODES)
        response = {
            "description": f"{HTTPStatus(status).phrase}. Problem codes: {listed}",
            "content": {PROBLEM_CONTENT_TYPE: {"schema": component_ref("Problem")}},
        }
        if status == 401:
            response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        if status in (429, 503):
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait"}}
        responses[str(status)] = response
    return responses


def downgrade_to_3_0(document: dict[str, Any]) -> dict[str, Any]:
    """The same document in OpenAPI 3.0.3 terms, for renderers that predate 3.1."""
    result = _downgrade_schemas(copy.deepcopy(document))
    result["openapi"] = "3.0.3"
    return result


def _downgrade_schemas(node: Any) -> Any:
    if isinstance(node, list):
        return [_downgrade_schemas(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _downgrade_schemas(value) for key, value in node.items()}
    for keyword in ("oneOf", "anyOf"):
        # 3.1's "X or null" is 3.0's nullable X.
        choices = node.get(keyword)
        if isinstance(choices, list) and {"type": "null"} in choices:
            others = [c for c in choices if c != {"type": "null"}]
            node.pop(keyword)
            node.update({"allOf": others} if len(others) == 1 else {keyword: others})
            node["nullable"] = True
    types = node.get("type")
    if isinstance(types, list):
        others = [t for t in types if t != "null"]
        node["type"] = others[0] if len(others) == 1 else others
        if "null" in types:
            node["nullable"] = True
    if "const" in node:
        node["enum"] = [node.pop("const")]
    if isinstance(node.get("propertyNames"), dict):
        node.pop("propertyNames")  # not in 3.0; the 3.1 document keeps it
    for bound, keyword in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if isinstance(node.get(bound), (int, float)) and not isinstance(node.get(bound), bool):
            node[keyword] = node.pop(bound)
            node[bound] = True
    if isinstance(node.get("examples"), list) and "type" in node:
        node["example"] = node.pop("examples")[0]
    return node
