"""JSON in and out: exact decimals for weights, UTC timestamps with a Z, problem+json too."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import partial
from typing import Any

import falcon
import falcon.media

from engine.json_codec import dump_bytes
from engine.queries.rendering import iso_timestamp, json_value

from .errors import PROBLEM_CONTENT_TYPE

__all__ = ["configure_media", "dumps", "iso_timestamp"]


def dumps(value: Any) -> str:
    """An answer's JSON text, as the media handler writes it."""
    return dump_bytes(value, default=json_value).decode()


def configure_media(app: falcon.App) -> None:
    # Out through the one codec (engine/json_codec.py); in with the standard library, for Decimals.
    handler = falcon.media.JSONHandler(dumps=partial(dump_bytes, default=json_value),
                                       loads=partial(json.loads, parse_float=Decimal))
    handlers = {falcon.MEDIA_JSON: handler, PROBLEM_CONTENT_TYPE: handler}
    app.req_options.media_handlers.update(handlers)
    app.resp_options.media_handlers.update(handlers)
    app.resp_options.default_media_type = falcon.MEDIA_JSON
