"""``available_actions``: the machines say what the user may do; this table says where.

The engine's read side returns the allowed actions as ``(machine, trigger)`` pairs, computed
from the machines' YAML (the user's triggers from the current states, plus the creation
triggers: enroll, start_workout, and logging a set). ``ROUTES`` is the one place that maps a
pair to an HTTP route; a pair missing here is a bug a test catches (and is logged, not shown).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger("powerpro.api")


@dataclass(frozen=True)
class Route:
    action: str
    method: str
    path: str  # a template over {user_id} and {workout_id}


ROUTES: dict[tuple[str, str], Route] = {
    ("enrollment", "enroll"): Route("enroll", "POST", "/users/{user_id}/enrollment"),
    ("enrollment", "quit"): Route("quit", "DELETE", "/users/{user_id}/enrollment"),
    ("enrollment", "next_cycle"): Route("next_cycle", "POST", "/users/{user_id}/enrollment/next-cycle"),
    ("week", "complete"): Route("advance_week", "POST", "/users/{user_id}/enrollment/advance-week"),
    ("session", "start_workout"): Route("start_workout", "POST", "/workouts/start"),
    ("set", "log_set"): Route("log_set", "POST", "/workouts/{workout_id}/sets"),
    ("session", "finish"): Route("finish_workout", "POST", "/workouts/{workout_id}/finish"),
    ("session", "abandon"): Route("abandon_workout", "POST", "/workouts/{workout_id}/abandon"),
}

ACTION_NAMES = sorted({route.action for route in ROUTES.values()})

AVAILABLE_ACTION_SCHEMA = {
    "type": "object",
    "description": "Something the user may do now: send `method` to `path` (ids already filled in).",
    "required": ["action", "method", "path"],
    "properties": {
        "action": {"type": "string", "enum": ACTION_NAMES},
        "method": {"type": "string", "enum": ["POST", "DELETE"]},
        "path": {"type": "string"},
    },
    "additionalProperties": False,
}


def available_actions(pairs: list[tuple[str, str]], user_id: str, workout_id: str | None) -> list[dict]:
    actions = []
    for pair in pairs:
        route = ROUTES.get(tuple(pair))
        if route is None:
            log.error("allowed action %s has no route in api.actions.ROUTES", pair)
            continue
        if "{workout_id}" in route.path and workout_id is None:
            continue
        actions.append({"action": route.action, "method": route.method,
                        "path": route.path.format(user_id=user_id, workout_id=workout_id)})
    return actions


def state_json(state: dict) -> dict:
    """The engine's state block with its allowed (machine, trigger) pairs turned into routes."""
    current = state["current_workout_session"]
    result = {key: value for key, value in state.items() if key != "allowed_actions"}
    result["available_actions"] = available_actions(
        state["allowed_actions"], state["user_id"], current["id"] if current else None
    )
    return result
