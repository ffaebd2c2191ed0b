"""One log line and one metric sample per request, and the request id that ties them together.

The id comes from the client's ``X-Request-ID`` when it is a sane token (so a trace can start
in the app), else it is made here; it is echoed in every answer, carried by every
problem+json body (``request_id``) and by every log line written while the request runs.
"""

from __future__ import annotations

import logging
import os
import re
import time

import falcon

from engine import metrics
from engine.logs import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
access_log = logging.getLogger("powerpro.access")


def request_id_of(req: falcon.Request) -> str | None:
    return getattr(req.context, "request_id", None)


class RequestTelemetry:
    """First in the middleware list: its ``process_response`` runs last, after every refusal."""

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        offered = req.get_header(REQUEST_ID_HEADER) or ""
        request_id = offered if _SANE_REQUEST_ID.fullmatch(offered) else os.urandom(16).hex()  # as uuid4().hex, faster
        req.context.request_id = request_id
        req.context.started = time.perf_counter()
        request_id_var.set(request_id)
        resp.set_header(REQUEST_ID_HEADER, request_id)

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        now = time.perf_counter()
        seconds = now - getattr(req.context, "started", now)
        route = req.uri_template or "unmatched"  # a route template, never a raw path: bounded labels
        status = resp.status_code
        if access_log.isEnabledFor(logging.INFO):
            user = getattr(req.context, "user", None)
            extra = {
                "request_id": request_id_of(req),
                "method": req.method,
                "route": route,
                "path": req.path,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "user_id": getattr(user, "id", None),
                "error_code": getattr(resp.context, "problem_code", None),
            }
            # Logger.info's record, made without its search of the stack for the caller (every
            # line says where it comes from by its logger's name): a served request pays for
            # one access line, and that search was a tenth of it.
            access_log.handle(access_log.makeRecord(access_log.name, logging.INFO, __file__, _LINE, "%s %s %s",
                                                    (req.method, route, status), None, _FUNCTION, extra))
        metrics.observe_request(req.method, route, status, seconds)
        request_id_var.set(None)


_FUNCTION = RequestTelemetry.process_response.__name__
_LINE = RequestTelemetry.process_response.__code__.co_firstlineno
