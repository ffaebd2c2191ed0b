"""The ``Idempotency-Key`` header on every authenticated write (``takes_idempotency_key``).

Runs after authentication and validation, so only a valid request of a known user claims a
key (an invalid one is refused as usual and claims nothing). A first request claims the key
(``engine.idempotency``) and runs; its answer is stored when it is final. A retry is answered
the stored status, headers that matter and body, plus ``Idempotent-Replayed: true``, without
running the responder. Requests without the header are untouched (no extra statement).

What is final: every answer but those that say "try again": a 5xx (503 busy, database
unavailable, 500), one with Retry-After (429), and the 409 refusals of a lost race
(``RETRY_CODES``). For those the claim is released so the retry runs. A 4xx refusal is stored
like a success: the same request gets the same refusal (the draft's rule).
"""

from __future__ import annotations

import logging
import re

import falcon

from engine import idempotency
from engine.bootstrap import Services

from .auth import current_user
from .openapi import ApiSpec, takes_idempotency_key
from .validation import validation_failed

IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = idempotency.MAX_KEY_LENGTH
KEY_LIFETIME_HOURS = int(idempotency.KEY_LIFETIME.total_seconds() // 3600)
# 1 to MAX_KEY_LENGTH printable ASCII characters: bare (no space at either end, no quote
# first), or quoted as the draft's Structured Field string ("...", with \" and \\ escapes).
_BARE = rf"[!#-~](?:[ -~]{{0,{MAX_KEY_LENGTH - 2}}}[!-~])?"
_QUOTED_CHARS = rf'(?:[ !#-\[\]-~]|\\["\\]){{1,{MAX_KEY_LENGTH}}}'
KEY_PATTERN = rf'^(?:{_BARE}|"{_QUOTED_CHARS}")$'
STORED_HEADERS = ("Content-Type", "Location", "Retry-After")
RETRY_CODES = frozenset({"concurrent_transition"})  # refusals whose own advice is "retry"
_BARE_KEY = re.compile(_BARE)
_QUOTED_KEY = re.compile(rf'"({_QUOTED_CHARS})"')
log = logging.getLogger("powerpro.api")


class IdempotencyKeys:
    def __init__(self, services: Services, spec: ApiSpec) -> None:
        self.services = services
        self.spec = spec

    def process_request(self, req: falcon.Request, resp: falcon.Response) -> None:
        req.context.idempotency = None

    def process_resource(self, req: falcon.Request, resp: falcon.Response, resource, params) -> None:
        header = req.get_header(IDEMPOTENCY_HEADER)
        op = self.spec.operation_for(req.uri_template, req.method)
        if header is None or op is None or not takes_idempotency_key(req.method, op):
            return
        key = parse_key(header)
        request = idempotency.fingerprint(req.method, req.relative_uri, req.context.body)
        found = idempotency.claim(self.services, current_user(req).id, key, request)
        if isinstance(found, idempotency.StoredAnswer):
            _replay(resp, found)
        else:
            req.context.idempotency = found

    def process_response(self, req: falcon.Request, resp: falcon.Response, resource, req_succeeded: bool) -> None:
        held = getattr(req.context, "idempotency", None)
        if held is None:
            return
        req.context.idempotency = None
        try:
            if is_final(resp):
                idempotency.complete(self.services, held, _stored(resp))
            else:
                idempotency.release(self.services, held)
        except Exception:  # the answer is already made: a failure here must not replace it
            # The claim stays in flight until IN_FLIGHT_LEASE ends; then a retry runs again.
            log.warning("could not store or release Idempotency-Key of %s %s", req.method, req.path, exc_info=True)


def parse_key(header: str) -> str:
    """The key of an ``Idempotency-Key`` header (``KEY_PATTERN``); 422 naming the header otherwise."""
    if _BARE_KEY.fullmatch(header):
        return header
    quoted = _QUOTED_KEY.fullmatch(header)
    if quoted:
        return re.sub(r'\\(["\\])', r"\1", quoted.group(1))
    raise validation_failed([{
        "path": f"header.{IDEMPOTENCY_HEADER}",
        "message": f"must be 1 to {MAX_KEY_LENGTH} printable ASCII characters, bare or quoted (a UUID is best)",
    }])


def is_final(resp: falcon.Response) -> bool:
    """Whether a retry should get this answer again rather than run anew."""
    if resp.status_code >= 500 or resp.get_header("Retry-After") is not None:
        return False
    return getattr(resp.context, "problem_code", None) not in RETRY_CODES


def _stored(resp: falcon.Response) -> idempotency.StoredAnswer:
    body = resp.render_body() or b""
    headers = {name: value for name in STORED_HEADERS if (value := resp.get_header(name)) is not None}
    return idempotency.StoredAnswer(resp.status_code, headers, body.decode("utf-8"))


def _replay(resp: falcon.Response, answer: idempotency.StoredAnswer) -> None:
    resp.status = answer.status
    for name, value in answer.headers.items():
        resp.set_header(name, value)
    resp.set_header(REPLAYED_HEADER, "true")
    resp.data = answer.body.encode("utf-8")
    resp.complete = True

