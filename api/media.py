"""JSON in and out: exact decimals for weights, UTC timestamps with a Z, problem+json too."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

import falcon
import falcon.media

from .errors import PROBLEM_CONTENT_TYPE


def to_json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        # Weights are Decimals in the engine; clients get a plain JSON number, 100 not 100.000.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return iso_timestamp(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def iso_timestamp(value: datetime) -> str:
    """The engine's timestamps are naive UTC; the API always says so explicitly."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def dumps(value: Any) -> str:
    return json.dumps(value, default=to_json_value, ensure_ascii=False)


def configure_media(app: falcon.App) -> None:
    handler = falcon.media.JSONHandler(dumps=dumps, loads=partial(json.loads, parse_float=Decimal))
    handlers = {falcon.MEDIA_JSON: handler, PROBLEM_CONTENT_TYPE: handler}
    app.req_options.media_handlers.update(handlers)
    app.resp_options.media_handlers.update(handlers)
    app.resp_options.default_media_type = falcon.MEDIA_JSON
