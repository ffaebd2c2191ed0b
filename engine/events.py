"""Domain events: what happened, raised inside a unit of work and handled by the bus.

An event's ``name`` is the one the machine specs declare (``WORKOUT_COMPLETED``...), plus
``SET_LOGGED`` for set logging, so the YAML stays the only list of machine events.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SET_LOGGED = "SET_LOGGED"
# The user's weight unit changed: every answer showing weights now shows them in the new unit
# (payload: ``from``, ``to``); stored weights are untouched. Raised by engine/commands/account.py.
USER_UNIT_CHANGED = "USER_UNIT_CHANGED"
# Events raised by commands rather than declared by a machine spec.
COMMAND_EVENTS = frozenset({SET_LOGGED, USER_UNIT_CHANGED})


@dataclass(frozen=True)
class Event:
    name: str
    user_id: str
    enrollment_id: str | None
    # Identifies this occurrence: progression idempotency keys are built from it.
    event_id: str
    payload: dict[str, Any] = field(default_factory=dict)
