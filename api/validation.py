"""Request validation against the declared schemas, before any responder (and any write) runs.

The body must be JSON (415 otherwise), parse (400), and match the operation's request schema
(422); query parameters are converted from text by their declared type and validated (422).
Every failure names the offending fields as ``invalid_fields`` with JSON paths.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import falcon
from jsonschema import ValidationError

from .errors import HttpProblem
from .openapi import ApiSpec, Operation

MAX_BODY_BYTES = 1 << 20
_MAX_INTEGRAL_DIGITS = 18  # integral numbers up to this size parse as int (5.0 is the integer 5)
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INTEGER = re.compile(r"^-?\d+$")


class RequestValidation:
    """Puts the validated body on ``req.context.body`` and the query on ``req.context.query``."""

    def __init__(self, spec: ApiSpec) -> None:
        self.spec = spec
        self._query_validators: dict[tuple[str, str], Any] = {}

    def process_resource(self, req: falcon.Request, resp, resource, params) -> None:
        op = self.spec.operation_for(req.uri_template, req.method)
        req.context.body = None
        req.context.query = {}
        if op is None:
            return
        req.context.query = self._query(req, op)
        if op.request:
            req.context.body = self._body(req, op.request)

    def _body(self, req: falcon.Request, schema_name: str) -> Any:
        body = parse_json_body(req)
        errors = list(self.spec.validator(schema_name).iter_errors(body))
        if errors:
            raise validation_failed(invalid_fields(errors, root="$"))
        return body

    def _query(self, req: falcon.Request, op: Operation) -> dict[str, Any]:
        if not op.query and not req.params:
            return {}
        key = (req.uri_template, req.method)
        if key not in self._query_validators:
            schema = {"type": "object", "properties": dict(op.query), "additionalProperties": False}
            self._query_validators[key] = self.spec.validator(schema)
        query = {name: _from_text(value, op.query.get(name, {})) for name, value in req.params.items()}
        errors = list(self._query_validators[key].iter_errors(query))
        if errors:
            raise validation_failed(invalid_fields(errors, root="query"))
        defaults = {name: s["default"] for name, s in op.query.items() if "default" in s}
        return {**defaults, **query}


def parse_json_body(req: falcon.Request) -> Any:
    if not _is_json(req.content_type):
        raise HttpProblem(
            "unsupported_media_type",
            f"Send the body as JSON with 'Content-Type: application/json' (got {req.content_type or 'none'}).",
        )
    raw = req.bounded_stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise HttpProblem("payload_too_large", f"The body may be at most {MAX_BODY_BYTES} bytes.")
    try:
        return json.loads(raw.decode("utf-8"), parse_float=_number, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        message = "is not UTF-8 text"
    except ValueError as exc:
        message = f"is not valid JSON: {getattr(exc, 'msg', exc)}"
        if isinstance(exc, json.JSONDecodeError):
            message += f" at line {exc.lineno} column {exc.colno}"
    raise validation_failed([{"path": "$", "message": message}], status=400)


def validation_failed(fields: list[dict], status: int | None = None) -> HttpProblem:
    names = ", ".join(field["path"] for field in fields)
    return HttpProblem(
        "validation_failed",
        f"Fix these fields and send the request again: {names}. Each entry of invalid_fields says why.",
        status=status,
        extensions={"invalid_fields": fields},
    )


def invalid_fields(errors: list[ValidationError], root: str) -> list[dict]:
    fields = []
    for error in errors:
        path = json_path(root, error.absolute_path)
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            fields += [{"path": json_path(path, [name]), "message": "is required"} for name in missing]
        elif error.validator == "additionalProperties":
            known = sorted(error.schema.get("properties", {}))
            unknown = [name for name in error.instance if name not in known]
            message = "is not a known field; known fields: " + (", ".join(known) or "none")
            fields += [{"path": json_path(path, [name]), "message": message} for name in unknown]
        else:
            fields.append({"path": path, "message": _message(error)})
    unique = {(f["path"], f["message"]): f for f in fields}
    return sorted(unique.values(), key=lambda f: f["path"])


def json_path(root: str, parts) -> str:
    path = root
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            path += f".{part}"
        else:
            path += "[" + json.dumps(str(part)) + "]"
    return path


_ARTICLES = {"array": "an array", "integer": "an integer", "object": "an object"}


def _message(error: ValidationError) -> str:
    value = error.validator_value
    if error.validator == "type":
        expected = value if isinstance(value, list) else [value]
        return "must be " + " or ".join(_ARTICLES.get(t, f"a {t}") for t in expected)
    bounds = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}
    if error.validator in bounds:
        return f"must be {bounds[error.validator]} {value}"
    if error.validator == "minLength":
        return f"must be at least {value} characters long"
    if error.validator == "maxLength":
        return f"must be at most {value} characters long"
    if error.validator == "enum":
        return "must be one of: " + ", ".join(map(str, value))
    if error.validator == "pattern":
        return error.schema.get("description") or f"must match {value}"
    return error.message


def _from_text(value: str | list[str], schema: dict) -> Any:
    """Query values are text; convert to what the schema declares, leaving bad input for it to reject."""
    kind = schema.get("type")
    if kind == "array":
        values = value if isinstance(value, list) else value.split(",")
        return [v for v in (v.strip() for v in values) if v]
    if kind == "integer" and isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    return value


def _is_json(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _number(text: str) -> Decimal | int:
    """JSON Schema's ``integer`` is any integral number (``5.0``, ``1e2``): those are ints here too."""
    value = Decimal(text)
    if value == value.to_integral_value() and value.adjusted() < _MAX_INTEGRAL_DIGITS:
        return int(value)
    return value


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")
