"""Reading a request's JSON body: the media type, the size, the nesting depth, exact numbers.

Everything here runs before any responder: a body that is too big (413, chunked or not),
not JSON (415), not UTF-8, malformed or nested too deeply (400) is refused unparsed.
Numbers are parsed exactly: integral ones (``5``, ``5.0``, ``1e2``) become ints, the rest
Decimals, so ``reps: 5.0`` is the integer JSON Schema says it is and ``1999.9999`` is
never rounded on the way in.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any, BinaryIO

import falcon

from .errors import HttpProblem

MAX_BODY_BYTES = 1 << 20
MAX_DEPTH = 32  # arrays and objects inside each other; the API's own bodies need 3
_CHUNK = 64 * 1024
# Integral numbers up to this many digits become ints; longer ones stay Decimals (every
# bound refuses them) so a 1e999999 is never expanded into a million-digit int.
_MAX_INT_DIGITS = 18
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def read_json_text(req: falcon.Request) -> str:
    """The body as JSON text: JSON media type, at most MAX_BODY_BYTES, UTF-8, nested at most MAX_DEPTH."""
    if not _is_json(req.content_type):
        raise HttpProblem(
            "unsupported_media_type",
            f"Send the body as JSON with 'Content-Type: application/json' (got {req.content_type or 'none'}).",
        )
    raw = _read_body(req)
    if nesting_depth(raw) > MAX_DEPTH:
        field = {"path": "$", "message": f"nests deeper than {MAX_DEPTH} levels"}
        raise HttpProblem("json_too_deep", f"Arrays and objects may nest at most {MAX_DEPTH} levels deep.",
                          extensions={"invalid_fields": [field]})
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed("is not UTF-8 text") from None


def parse_json(text: str) -> Any:
    """The value of JSON ``text``, its numbers exact (``json_number``); 400 when it is not JSON."""
    try:
        return _DECODER.decode(text)
    except ValueError as exc:
        message = f"is not valid JSON: {getattr(exc, 'msg', exc)}"
        if isinstance(exc, json.JSONDecodeError):
            message += f" at line {exc.lineno} column {exc.colno}"
        raise _malformed(message) from None


def json_number(text: str) -> int | Decimal:
    """A JSON (or query) number, exactly: an int when integral and of sane size, else a Decimal."""
    number = Decimal(text)
    if number == number.to_integral_value() and number.adjusted() < _MAX_INT_DIGITS:
        return int(number)
    return number


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw``, counted before parsing (the parser recurses).

    Brackets inside strings do not count; the count stops as soon as it passes MAX_DEPTH.
    """
    depth = deepest = 0
    for bracket in _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS):
        depth += 1 if bracket in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_DEPTH:
                break
    return deepest


def _read_body(req: falcon.Request) -> bytes:
    length = req.content_length
    if length is not None and length > MAX_BODY_BYTES:
        raise _too_large()
    if length is None and req.env.get("wsgi.input_terminated"):
        # A chunked body: no Content-Length, and the server (gunicorn) ends the input at its end.
        raw = _read_at_most(req.stream, MAX_BODY_BYTES + 1)
    else:
        raw = req.bounded_stream.read(MAX_BODY_BYTES + 1)
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    return raw


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    parts, size = [], 0
    while size < limit:
        part = stream.read(min(_CHUNK, limit - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _malformed(message: str) -> HttpProblem:
    return HttpProblem("validation_failed", f"The body {message}.", status=400,
                       extensions={"invalid_fields": [{"path": "$", "message": message}]})


def _too_large() -> HttpProblem:
    return HttpProblem("payload_too_large", f"The body may be at most {MAX_BODY_BYTES} bytes.")


def _is_json(content_type: str | None) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


# Made once: json.loads with hooks builds a decoder and its scanner per call, a third of parsing
# a small body. Threads may share it, as they share json.loads' own default decoder.
_DECODER = json.JSONDecoder(parse_float=json_number, parse_int=json_number, parse_constant=_reject_constant)
