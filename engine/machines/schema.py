"""The JSON Schema of our part of a machine file: the ``powerpro:`` sidecar and the profile.

python-statemachine's own schema validates the statechart; this one validates what the engine
adds (the ``powerpro`` key, stripped before the library sees the document) and narrows the
statechart to the flat, unguarded, event-triggered machines the engine can reason about:
``allowed_triggers`` reads a state's transitions and must not need to evaluate guards.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from .contract import ACTORS

SIDECAR_KEY = "powerpro"

# States are spelt as the database stores them; triggers as Python attributes, which they become.
STATE_PATTERN = "^[A-Z][A-Z_]*$"
TRIGGER_PATTERN = "^[a-z][a-z_]*$"
EVENT_PATTERN = "^[A-Z][A-Z_]*$"
# A subset of ISO 8601 durations that maps onto timedelta: days, hours, minutes, seconds.
DURATION_PATTERN = r"^P(?=\d|T\d)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$"

_actors = {"type": "array", "items": {"enum": list(ACTORS)}, "minItems": 1, "uniqueItems": True}
_trigger = {"type": "string", "pattern": TRIGGER_PATTERN}
_event = {"type": "string", "pattern": EVENT_PATTERN}

SIDECAR_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [SIDECAR_KEY, "states"],
    "properties": {
        SIDECAR_KEY: {
            "type": "object",
            "required": ["binds", "transitions"],
            "additionalProperties": False,
            "properties": {
                "binds": {
                    "type": "object",
                    "required": ["table", "column"],
                    "additionalProperties": False,
                    "properties": {"table": {"type": "string"}, "column": {"type": "string"}},
                },
                "created_by": {
                    "type": "object",
                    "required": ["trigger", "actors", "emits"],
                    "additionalProperties": False,
                    "properties": {"trigger": _trigger, "actors": _actors, "emits": _event},
                },
                "stale_after": {"type": "string"},
                "reactions": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["on"],
                        "additionalProperties": False,
                        "properties": {
                            "on": _event,
                            "fire": _trigger,
                            "cond": {"type": "string", "minLength": 1},
                            "unless": {"type": "string", "minLength": 1},
                            "move": {"type": "string"},
                        },
                        "anyOf": [{"required": ["fire"]}, {"required": ["move"]}],
                    },
                },
                "transitions": {
                    "type": "object",
                    "propertyNames": _trigger,
                    "additionalProperties": {
                        "type": "object",
                        "required": ["actors", "emits"],
                        "additionalProperties": False,
                        "properties": {"actors": _actors, "emits": {"anyOf": [_event, {"type": "null"}]}},
                    },
                },
            },
        },
        "states": {
            "type": "object",
            "propertyNames": {"pattern": STATE_PATTERN},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "initial": {"type": "boolean"},
                    "final": {"type": "boolean"},
                    "transitions": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["event", "target"],
                            "additionalProperties": False,
                            "properties": {"event": _trigger, "target": {"type": "string"}},
                        },
                    },
                },
            },
        },
    },
}


def parse_duration(text: str) -> timedelta:
    """``PT4H`` -> ``timedelta(hours=4)``."""
    match = re.fullmatch(DURATION_PATTERN, text)
    if match is None:
        raise ValueError(f"{text!r} is not an ISO 8601 duration such as PT4H (days, hours, minutes, seconds)")
    days, hours, minutes, seconds = (int(part or 0) for part in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
