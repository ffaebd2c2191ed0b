"""JSON out and in, for the database's JSON columns and the API's answers: one encoder (orjson,
in C: the stored answers, prescriptions and payloads are encoded on every write and decoded on
every read, a tenth of a log-set with the standard library's).

What it writes is what ``json.dumps(value, default=default)`` wrote, without the spaces: a
datetime or a dataclass goes to ``default`` as it did (the API's turns a Decimal into a plain
number and a datetime into UTC with a Z: ``engine.queries.rendering.json_value``); without one, a
JSON column takes plain JSON values only, and anything else is refused (``TypeError``). Reading a
request body stays with the standard library: its numbers become Decimals (``api/media.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson

# Datetimes and dataclasses go to ``default`` (orjson's own forms differ: +00:00, not Z; a
# dataclass written out); integer keys are written as strings, as the standard library does.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS


def dump_bytes(value: Any, default: Callable[[Any], Any] | None = None) -> bytes:
    """``value`` as UTF-8 JSON."""
    return orjson.dumps(value, default=default, option=_OPTIONS)


def dumps(value: Any) -> str:
    """``value`` (plain JSON values) as JSON text: what a JSON column is handed."""
    return dump_bytes(value).decode()


loads = orjson.loads
