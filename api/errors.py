"""The one error translation layer: everything that goes wrong leaves as RFC 9457 problem+json.

Engine refusals (``DomainError``) get their HTTP status from ``ERROR_CODES`` by their stable
``code``; falcon's own errors (unknown route, wrong method) keep their status; a transient
database failure is the 503 refusal the engine classifies it as (``engine.outages``); anything
else is a bug, logged with its traceback and answered with a bare 500 that leaks nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import falcon

from engine import metrics, outages
from engine.errors import DomainError
from engine.password_policy import REASONS as PASSWORD_RULES

from .actions import AVAILABLE_ACTION_SCHEMA

PROBLEM_CONTENT_TYPE = "application/problem+json"
log = logging.getLogger("powerpro.api")

# code -> (status, title). Clients branch on the code; add a row for every new DomainError code.
ERROR_CODES: dict[str, tuple[int, str]] = {
    "validation_failed": (422, "The request is not valid"),
    "bad_request": (400, "Bad request"),
    "json_too_deep": (400, "JSON nested too deeply"),
    "unauthenticated": (401, "Authentication required"),
    "invalid_credentials": (401, "Wrong email or password"),
    "forbidden": (403, "Not allowed"),
    "account_disabled": (403, "The account is disabled"),
    "wrong_password": (403, "Wrong password"),
    "not_found": (404, "Not found"),
    "user_not_found": (404, "No such user"),
    "unknown_lift": (404, "No such lift"),
    "method_not_allowed": (405, "Method not allowed"),
    "unknown_program": (404, "No such program"),
    "unknown_machine": (404, "No such machine"),
    "conflict": (409, "Conflict"),
    "email_taken": (409, "Email already registered"),
    "invalid_transition": (409, "Not allowed in the current state"),
    "concurrent_transition": (409, "Changed by another request; retry"),
    "workout_already_in_progress": (409, "A workout is already in progress"),
    "not_enrolled": (409, "Not enrolled in a program"),
    "already_enrolled": (409, "Already enrolled in a program"),
    "set_already_logged": (409, "Set already logged"),
    "idempotency_key_in_flight": (409, "A request with this Idempotency-Key is still running; retry shortly"),
    "idempotency_key_reused": (422, "This Idempotency-Key was used for another request"),
    "missing_maxes": (422, "Maxes missing for the program's lifts"),
    "invalid_max": (422, "A max or starting weight must be above 0"),
    "weight_required": (422, "A weight is required for this set"),
    "set_not_prescribed": (422, "No such set in this workout"),
    "set_not_logged": (404, "No such logged set in this workout"),
    "correction_window_closed": (409, "This workout can no longer be corrected"),
    "note_too_long": (422, "The note is too long"),
    "weak_password": (422, "Password too weak"),
    "too_many_attempts": (429, "Too many attempts; retry later"),
    "payload_too_large": (413, "Request body too large"),
    "uri_too_long": (414, "Request line too long"),
    "headers_too_large": (431, "Request headers too large"),
    "unsupported_media_type": (415, "Unsupported media type"),
    "internal_error": (500, "Internal server error"),
    "service_unavailable": (503, "Service unavailable"),
    "busy": (503, "Busy: retry after Retry-After seconds"),
    "database_unavailable": (503, "The database cannot be reached: retry after Retry-After seconds"),
}
MAX_INVALID_FIELDS = 20  # a problem lists at most this many; invalid_fields_omitted counts the rest
_STANDARD_MEMBERS = frozenset({"type", "title", "status", "code", "detail", "instance", "request_id"})
_UNKNOWN_CODE_STATUS = 400


class HttpProblem(Exception):
    """A refusal the HTTP layer itself makes (authentication, request validation)."""

    def __init__(self, code: str, detail: str, *, status: int | None = None,
                 extensions: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.status = status or status_of(code)
        self.extensions = dict(extensions or {})
        self.headers = dict(headers or {})


def status_of(code: str) -> int:
    return ERROR_CODES.get(code, (_UNKNOWN_CODE_STATUS, ""))[0]


def problem_type(code: str) -> str:
    return f"/problems/{code}"


def problem_body(req: falcon.Request, status: int, code: str, detail: str,
                 extensions: Mapping[str, Any] | None = None) -> dict[str, Any]:
    title = ERROR_CODES.get(code, (status, HTTPStatus(status).phrase))[1]
    body = {"type": problem_type(code), "title": title, "status": status, "code": code,
            "detail": detail, "instance": req.path}
    request_id = getattr(req.context, "request_id", None)
    if request_id:
        body["request_id"] = request_id
    body.update({k: v for k, v in (extensions or {}).items() if k not in _STANDARD_MEMBERS})
    return body


def render_problem(req, resp, status: int, code: str, detail: str, extensions=None, headers=None) -> None:
    resp.status = status
    resp.content_type = PROBLEM_CONTENT_TYPE
    resp.media = problem_body(req, status, code, detail, extensions)
    resp.context.problem_code = code
    metrics.count_refusal(code, status)
    for name, value in (headers or {}).items():
        resp.set_header(name, value)


def handle_http_problem(req, resp, ex: HttpProblem, params) -> None:
    render_problem(req, resp, ex.status, ex.code, ex.detail, ex.extensions, ex.headers)


def handle_domain_error(req, resp, ex: DomainError, params) -> None:
    if ex.code not in ERROR_CODES:
        log.warning("DomainError code %r has no row in api.errors.ERROR_CODES", ex.code)
    status = ERROR_CODES[ex.code][0] if ex.code in ERROR_CODES else getattr(ex, "status", _UNKNOWN_CODE_STATUS)
    # A refusal's own wait (a throttle window) or its kind's (a busy database).
    retry_after = ex.extensions.get("retry_after", ex.retry_after)
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    render_problem(req, resp, status, ex.code, ex.detail, ex.extensions, headers)


_FALCON_STATUS_CODES = {
    400: "bad_request", 401: "unauthenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type", 503: "service_unavailable",
}


def handle_falcon_error(req, resp, ex: falcon.HTTPError, params) -> None:
    status = ex.status_code
    code = _FALCON_STATUS_CODES.get(status, "internal_error" if status >= 500 else "bad_request")
    detail = ex.description or _default_detail(status, req)
    render_problem(req, resp, status, code, detail, headers=ex.headers)


def _default_detail(status: int, req) -> str:
    if status == 404:
        return f"Nothing is served at {req.path}. GET /openapi.json lists every endpoint."
    if status == 405:
        return f"{req.path} does not accept {req.method}; the Allow header lists the methods it does."
    return HTTPStatus(status).description


def handle_unexpected(req, resp, ex: Exception, params) -> None:
    refusal = outages.refusal_for(ex)  # a race lost or a database out of reach: a 503 to retry
    if refusal is not None:
        metrics.count_database_error(refusal.code)
        log.warning("%s on %s %s: %s", refusal.code, req.method, req.path, str(ex).splitlines()[0])
        handle_domain_error(req, resp, refusal, params)
        return
    error_id = uuid.uuid4().hex[:16]
    log.exception("unhandled error %s on %s %s", error_id, req.method, req.path)
    detail = f"The server failed to handle this request. Retry later; if it persists, report error id {error_id}."
    render_problem(req, resp, 500, "internal_error", detail, {"error_id": error_id})


def install_error_handlers(app: falcon.App) -> None:
    # falcon picks the most specific handler by class, so the order here does not matter.
    app.add_error_handler(Exception, handle_unexpected)
    app.add_error_handler(falcon.HTTPError, handle_falcon_error)
    app.add_error_handler(DomainError, handle_domain_error)
    app.add_error_handler(HttpProblem, handle_http_problem)


PROBLEM_SCHEMAS = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details. Branch on `code`; show `detail`, which says what to do.",
        "required": ["type", "title", "status", "code", "detail"],
        "properties": {
            "type": {"type": "string", "description": "URI reference naming the problem type: /problems/{code}"},
            "title": {"type": "string"},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "code": {"type": "string", "enum": sorted(ERROR_CODES)},
            "detail": {"type": "string"},
            "instance": {"type": "string", "description": "The request path"},
            "request_id": {
                "type": "string",
                "description": "The X-Request-ID of this request (the client's, or one the server made)",
            },
            "invalid_fields": {"type": "array", "items": {"$ref": "#/components/schemas/InvalidField"},
                               "maxItems": MAX_INVALID_FIELDS,
                               "description": f"The first {MAX_INVALID_FIELDS} invalid fields, by path"},
            "invalid_fields_omitted": {"type": "integer", "minimum": 1,
                                       "description": "How many more invalid fields there were (absent: none)"},
            "error_id": {"type": "string", "description": "Quote it when reporting an internal_error"},
            "allowed_actions": {
                "type": "array", "items": {"$ref": "#/components/schemas/AvailableAction"},
                "description": "On every 409 refusal: what the user may do now instead",
            },
            "current_workout_session_id": {
                "type": "string", "description": "`workout_already_in_progress`: the workout to finish or abandon",
            },
            "retry_after": {
                "type": "integer", "minimum": 1,
                "description": "`too_many_attempts`: seconds to wait, as in the Retry-After header",
            },
            "password_rule": {
                "type": "string", "enum": list(PASSWORD_RULES),
                "description": "`weak_password`: the rule the password broke",
            },
            "set": {
                "$ref": "#/components/schemas/LoggedSet",
                "description": "`set_already_logged`: the set as it was logged (a lost answer recovered)",
            },
            "missing_inputs": {
                "type": "array", "items": {"type": "string"},
                "description": "`missing_maxes`: the program inputs to send (or to PUT as maxes) first",
            },
        },
        "additionalProperties": True,
    },
    "AvailableAction": AVAILABLE_ACTION_SCHEMA,
    "InvalidField": {
        "type": "object",
        "required": ["path", "message"],
        "properties": {
            "path": {"type": "string", "description": "`$.field[0].sub` in the JSON body, `query.name` for a query "
                                                      "parameter, `path.name` for a path parameter, "
                                                      "`header.Name` for a header"},
            "message": {"type": "string"},
        },
        "additionalProperties": False,
    },
}
