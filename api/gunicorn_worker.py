"""The gunicorn worker ``powerpro serve`` runs: gunicorn's own refusals are problem+json too.

gunicorn refuses some requests before the application sees them: a request line longer than
``limit_request_line`` (414), more headers than ``limit_request_fields`` or one longer than
``limit_request_field_size`` (431), a request that is not valid HTTP/1.1 (400). gunicorn
answers those with an HTML page; this worker answers the same status as problem+json with a
stable ``code``. Anything else (the application's own faults among them) is gunicorn's as before.
"""

from __future__ import annotations

import json
from http import HTTPStatus

from gunicorn.http import errors as http
from gunicorn.util import write_nonblock
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

from .errors import ERROR_CODES, PROBLEM_CONTENT_TYPE, problem_type

# gunicorn's defaults, stated here so the README and the tests name the same numbers.
REQUEST_LIMITS = {"limit_request_line": 4094, "limit_request_fields": 100, "limit_request_field_size": 8190}
_MALFORMED = (
    http.InvalidRequestLine, http.InvalidRequestMethod, http.InvalidHTTPVersion, http.InvalidHeader,
    http.InvalidHeaderName, http.ObsoleteFolding, http.InvalidChunkSize, http.ChunkMissingTerminator,
    http.InvalidChunkExtension,
)
# Subclasses of the above that are the application's fault: gunicorn answers them 500.
_APPLICATION_FAULTS = (http.InvalidResponseHeader, http.InvalidResponseHeaderName)
_MAX_DETAIL_CHARS = 200


class ProblemJsonErrors:
    """Mixin for a gunicorn worker class: ``handle_error`` writes problem+json for client errors."""

    def handle_error(self, req, client, addr, exc):
        problem = self.client_problem(exc)
        if problem is None:
            return super().handle_error(req, client, addr, exc)
        self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
        try:
            write_nonblock(client, problem_response(*problem))
        except OSError:
            self.log.debug("Failed to send error message.")

    def client_problem(self, exc: Exception) -> tuple[str, str] | None:
        """(code, detail) for a request gunicorn refused, or None when it is not the client's fault."""
        cfg = self.cfg
        if isinstance(exc, http.LimitRequestLine):
            return "uri_too_long", (f"The request line (method, path and query) may be at most "
                                    f"{cfg.limit_request_line} bytes long.")
        if isinstance(exc, http.LimitRequestHeaders):
            return "headers_too_large", (f"Send at most {cfg.limit_request_fields} headers, each at most "
                                         f"{cfg.limit_request_field_size} bytes long.")
        if isinstance(exc, _MALFORMED) and not isinstance(exc, _APPLICATION_FAULTS):
            return "bad_request", f"This is not a valid HTTP/1.1 request: {str(exc)[:_MAX_DETAIL_CHARS]}"
        return None


class ProblemJsonSyncWorker(ProblemJsonErrors, SyncWorker):
    """gunicorn's default (sync) worker with problem+json refusals."""


class ProblemJsonThreadWorker(ProblemJsonErrors, ThreadWorker):
    """gunicorn's threaded worker (keep-alive, a few requests at once) with problem+json refusals."""


# POWERPRO_WORKER_CLASS -> the worker gunicorn runs.
WORKER_CLASSES = {
    "sync": f"{__name__}.ProblemJsonSyncWorker",
    "gthread": f"{__name__}.ProblemJsonThreadWorker",
}


def problem_response(code: str, detail: str) -> bytes:
    """A complete HTTP/1.1 response; the connection closes after it, as gunicorn's own does."""
    status = ERROR_CODES[code][0]
    body = json.dumps({"type": problem_type(code), "title": ERROR_CODES[code][1], "status": status,
                       "code": code, "detail": detail}).encode()
    head = (f"HTTP/1.1 {status} {HTTPStatus(status).phrase}\r\nConnection: close\r\n"
            f"Content-Type: {PROBLEM_CONTENT_TYPE}\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body
