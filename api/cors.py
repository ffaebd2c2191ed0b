"""CORS: browser apps on the origins of ``POWERPRO_CORS_ORIGINS`` may call the API.

Falcon's own ``CORSMiddleware`` answers for the listed origins only (no setting: no
middleware, no CORS header, and browsers refuse every other origin's calls). Falcon answers
a preflight (OPTIONS) itself, with the route's ``Allow`` methods, which the middleware turns
into ``Access-Control-Allow-Methods``; the preflight needs no token and is never validated
(neither middleware has an operation for OPTIONS). The API is called with a bearer token,
never cookies: no credentials mode.
"""

from __future__ import annotations

from collections.abc import Sequence

import falcon

from .idempotency import IDEMPOTENCY_HEADER, REPLAYED_HEADER
from .telemetry import REQUEST_ID_HEADER

# Request headers a browser app sends beyond the CORS-safelisted ones.
ALLOWED_HEADERS = ("Authorization", "Content-Type", IDEMPOTENCY_HEADER, REQUEST_ID_HEADER)
# Response headers a browser app may read beyond the safelisted ones (Content-Type and the like).
EXPOSED_HEADERS = ("Location", "Retry-After", REPLAYED_HEADER, REQUEST_ID_HEADER, "WWW-Authenticate")
PREFLIGHT_MAX_AGE = "600"  # seconds a browser may reuse a preflight's answer


class Cors(falcon.CORSMiddleware):
    """Falcon's CORS policy, answering preflights with the API's own request headers (Falcon
    echoes whatever the browser asks for) and marking every answer as varying by Origin."""

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        super().process_response(req, resp, resource, req_succeeded)
        resp.append_header("Vary", "Origin")
        if resp.get_header("Access-Control-Allow-Methods") is not None:
            resp.set_header("Access-Control-Allow-Headers", ", ".join(ALLOWED_HEADERS))
            resp.set_header("Access-Control-Max-Age", PREFLIGHT_MAX_AGE)


def cors_middleware(origins: Sequence[str]) -> list[object]:
    """The middleware for ``origins`` (none: an empty list)."""
    if not origins:
        return []
    return [Cors(allow_origins=tuple(origins), expose_headers=EXPOSED_HEADERS)]
