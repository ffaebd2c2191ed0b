"""Request validation against the declared schemas, before any responder (and any write) runs.

The body must be JSON (415 otherwise), parse (400), and match the operation's request schema
(422); query parameters are converted from text by their declared type and validated (422);
every string of the body, the query and the path obeys ``api.plain_text`` (422). Every failure
names the offending fields as ``invalid_fields`` with JSON paths: the first MAX_INVALID_FIELDS,
each message short, and how many more there were.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import falcon
from jsonschema import ValidationError

from .errors import MAX_INVALID_FIELDS, HttpProblem
from .json_body import json_number, parse_json, read_json_text
from .openapi import ApiSpec, Operation
from .plain_text import PLAIN_TEXT_PATTERN, may_break_rule, text_problem, text_problems

MAX_MESSAGE_CHARS = 200
MAX_NAME_CHARS = 64  # of an object key quoted in a path: a 1 MB key is not echoed back
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
        _check_path(params)
        if op is None:
            return
        req.context.query = self._query(req, op)
        if op.request:
            # An optional body may be left out (no bytes, whatever the Content-Type: many clients
            # always send one): None, as before the operation took a body (an Idempotency-Key's
            # fingerprint of the request is unchanged).
            absent = op.request_optional and not req.content_length
            req.context.body = None if absent else self._body(req, op.request)

    def _body(self, req: falcon.Request, schema_name: str) -> Any:
        text = read_json_text(req)
        body = parse_json(text)
        text_fields = _text_fields(body, root="$") if may_break_rule(text) else []
        # jsonschema words the errors; whether there are any is asked of a far cheaper check first.
        errors = () if self.spec.quick_check(schema_name)(body) else self.spec.validator(schema_name).iter_errors(body)
        fields = _reported(text_fields, errors, "$")
        if fields:
            raise validation_failed(fields)
        return body

    def _query(self, req: falcon.Request, op: Operation) -> dict[str, Any]:
        if not op.query and not req.params:
            return {}
        key = (req.uri_template, req.method)
        if key not in self._query_validators:
            schema = {"type": "object", "properties": dict(op.query), "additionalProperties": False}
            self._query_validators[key] = self.spec.validator(schema)
        query = {name: _from_text(value, op.query.get(name, {})) for name, value in req.params.items()}
        fields = _reported(_text_fields(req.params, root="query"), self._query_validators[key].iter_errors(query),
                           "query")
        if fields:
            raise validation_failed(fields)
        defaults = {name: s["default"] for name, s in op.query.items() if "default" in s}
        return {**defaults, **query}


def _check_path(params: dict[str, Any]) -> None:
    fields = [{"path": f"path.{name}", "message": problem}
              for name, value in params.items() if isinstance(value, str) and (problem := text_problem(value))]
    if fields:
        raise validation_failed(fields)


def _reported(text_fields: list[dict], errors: Iterable[ValidationError], root: str) -> list[dict]:
    """The plain-text refusals, then the schema's for other fields (one reason per field is enough)."""
    seen = {field["path"] for field in text_fields}
    errors = (e for e in errors if not (e.validator == "pattern" and e.validator_value == PLAIN_TEXT_PATTERN))
    return text_fields + [field for field in invalid_fields(errors, root) if not _within(field["path"], seen)]


def _within(path: str, reported: set[str]) -> bool:
    """``path`` is one of ``reported`` or inside one (``query.status[0]`` inside ``query.status``)."""
    return path in reported or any(path[:i] in reported for i, char in enumerate(path) if char in "[.")


def _text_fields(value: Any, root: str) -> list[dict]:
    return [{"path": json_path(root, parts), "message": message} for parts, message in text_problems(value)]


def validation_failed(fields: list[dict]) -> HttpProblem:
    """422 naming ``fields``: the first MAX_INVALID_FIELDS by path, and how many more there were."""
    fields = sorted({(f["path"], f["message"]): f for f in fields}.values(), key=lambda f: f["path"])
    shown, omitted = fields[:MAX_INVALID_FIELDS], len(fields) - MAX_INVALID_FIELDS
    names = ", ".join(field["path"] for field in shown) + (f" and {omitted} more" if omitted > 0 else "")
    extensions: dict[str, Any] = {"invalid_fields": shown}
    if omitted > 0:
        extensions["invalid_fields_omitted"] = omitted
    return HttpProblem(
        "validation_failed",
        f"Fix these fields and send the request again: {names}. Each entry of invalid_fields says why.",
        extensions=extensions,
    )


def invalid_fields(errors: Iterable[ValidationError], root: str) -> list[dict]:
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
            fields.append({"path": path, "message": _short(_message(error))})
    return fields


def json_path(root: str, parts) -> str:
    path = root
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        elif _IDENTIFIER.match(str(part)):
            path += f".{_short(str(part), MAX_NAME_CHARS)}"
        else:
            path += "[" + json.dumps(_short(str(part), MAX_NAME_CHARS)) + "]"
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
        return json_number(value)  # exact, whatever its length: bounds refuse the huge ones
    return value


def _short(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"
