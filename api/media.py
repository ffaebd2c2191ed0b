"""JSON in and out: exact decimals for weights, UTC timestamps with a Z, problem+json too."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from typing import Any

import falcon
import falcon.media

from engine.queries.rendering import iso_timestamp, json_value

from .errors import PROBLEM_CONTENT_TYPE

__all__ = ["configure_media", "dumps", "iso_timestamp"]


def dumps(value: Any) -> str:
    return json.dumps(value, default=json_value, ensure_ascii=False)


def configure_media(app: falcon.App) -> None:
    handler = falcon.media.JSONHandler(dumps=dumps, loads=partial(json.loads, parse_float=Decimal))
    handlers = {falcon.MEDIA_JSON: handler, PROBLEM_CONTENT_TYPE: handler}
    app.req_options.media_handlers.update(handlers)
    app.resp_options.media_handlers.update(handlers)
    app.resp_options.default_media_type = falcon.MEDIA_JSON
