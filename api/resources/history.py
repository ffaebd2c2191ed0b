"""A user's history: the progression log (every weight change and why) and the transition log."""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services

from ..openapi import OWNER, Route, operation
from ..pagination import PAGINATION_QUERY, page_body, page_request, page_schema, status_filter, status_filter_values
from ..schemas import COMMON_SCHEMAS, NULLABLE_STRING, PROGRESSION_CHANGE, TIMESTAMP, obj

# The four machines, and "set" for logged sets (PENDING -> LOGGED), as the transition log names them.
LOGGED_MACHINES = ["enrollment", "cycle", "week", "session", "set"]

SCHEMAS = {
    **COMMON_SCHEMAS,
    "ProgressionLogEntry": obj(
        {
            "id": {"type": "string"},
            "enrollment_id": {"type": "string"},
            **PROGRESSION_CHANGE,
            "slot": NULLABLE_STRING,
            "applied_at": TIMESTAMP,
            "workout_id": {**NULLABLE_STRING, "description": "The workout whose sets or completion applied it"},
            "amendment_id": {**NULLABLE_STRING, "description": "The correction that applied it again; null: none "
                                                               "(the transition log's set entry names it)"},
            "reverted_by": {**NULLABLE_STRING, "description": "The correction that reverted it; null: in force"},
            "reverted_at": {"type": ["string", "null"], "format": "date-time",
                            "description": "When a correction reverted it; null: in force"},
        },
        description="A progression applied to a slot: the weight before and after, and the rule and trigger",
    ),
    "TransitionLogEntry": obj(
        {
            "machine": {"type": "string", "enum": LOGGED_MACHINES},
            "entity_id": {"type": "string", "description": "The enrollment, workout or logged set"},
            "seq": {"type": "integer", "minimum": 1, "description": "1, 2, 3... per entity"},
            "trigger": {"type": "string"},
            "from_state": {**NULLABLE_STRING, "description": "null: the entity was created"},
            "to_state": {"type": "string"},
            "event": {**NULLABLE_STRING, "description": "The event emitted; null: none"},
            "payload": {"type": "object"},
            "created_at": TIMESTAMP,
        },
        description="One transition that happened, logged in the same transaction as the state change",
    ),
    "LoggedSetEntry": obj(
        {
            "id": {"type": "string"},
            "session_id": {"type": "string", "description": "The workout's id, or a client-made id for sets "
                                                            "logged before workouts were tracked"},
            "workout_id": {**NULLABLE_STRING,
                           "description": "The workout, when session_id names one; null for legacy sets"},
            "lift": {"type": "string"},
            "weight": {"type": "number", "minimum": 0},
            "unit": {"type": "string", "enum": ["lb", "kg"]},
            "reps": {"type": "integer", "minimum": 0},
            "target_reps": {"type": ["integer", "null"]},
            "set_index": {"type": ["integer", "null"]},
            "rpe": {"type": ["number", "null"]},
            "logged_at": TIMESTAMP,
            "note": {"type": ["string", "null"], "description": "Your note on the set"},
        },
        description="A logged set, as history shows it",
    ),
    "LoggedSetPage": page_schema("LoggedSetEntry"),
    "ProgressionLogPage": page_schema("ProgressionLogEntry"),
    "TransitionLogPage": page_schema("TransitionLogEntry"),
}


class ProgressionLogsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="A user's progression log, newest first", tag="history", access=OWNER,
               responses={200: "ProgressionLogPage"}, query=PAGINATION_QUERY)
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        found = queries.progression_logs(self.services.uow(), user_id, page.limit, page.offset)
        resp.media = page_body(found.items, found.total, page)


class LoggedSetsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Every set a user logged, newest first (sets from before workouts were tracked included)",
               tag="history", access=OWNER, responses={200: "LoggedSetPage"}, query=PAGINATION_QUERY)
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        found = queries.logged_sets(self.services.uow(), user_id, page.limit, page.offset)
        resp.media = page_body(found.items, found.total, page)


class EventsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="A user's transition log (every state change and its event), newest first", tag="history",
               access=OWNER, responses={200: "TransitionLogPage"},
               query={**PAGINATION_QUERY,
                      "machine": status_filter(LOGGED_MACHINES, "Only transitions of these machines")})
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        found = queries.events(self.services.uow(), user_id, status_filter_values(req, "machine"),
                               page.limit, page.offset)
        resp.media = page_body(found.items, found.total, page)


def routes(services: Services) -> list[Route]:
    return [
        Route("/users/{user_id}/progression-logs", ProgressionLogsResource(services)),
        Route("/users/{user_id}/events", EventsResource(services)),
        Route("/users/{user_id}/sets", LoggedSetsResource(services)),
    ]
