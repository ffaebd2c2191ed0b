"""A user's history: the progression log (every weight change and why) and the transition log."""

from __future__ import annotations

from datetime import date

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.lift_catalog import require_lift

from ..openapi import OWNER, Route, operation
from ..pagination import PAGINATION_QUERY, page_body, page_request, page_schema, status_filter, status_filter_values
from ..schemas import (
    COMMON_SCHEMAS,
    NULLABLE_STRING,
    NULLABLE_WEIGHT,
    PLAIN_TEXT,
    PROGRESSION_CHANGE,
    TIMESTAMP,
    obj,
)

DAY = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
DAYS_QUERY: dict[str, dict] = {
    "from": {**DAY, "description": "Only from this UTC day on (YYYY-MM-DD, included)"},
    "to": {**DAY, "description": "Only up to this UTC day (YYYY-MM-DD, included)"},
}
LIFT_QUERY = {"lift": {**PLAIN_TEXT, "maxLength": 64, "description": "Only this lift (a slug from GET /lifts)"}}


def days(req: falcon.Request) -> dict[str, date | None]:
    """The validated ``from``/``to`` days as the engine's ``since``/``until``."""
    query = req.context.query
    return {"since": _day(query.get("from")), "until": _day(query.get("to"))}


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


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
            "warmup": {"type": "boolean", "description": "A warm-up set: never counts for records or volume"},
            "e1rm": {**NULLABLE_WEIGHT, "description": "The set's estimated 1RM (specs/estimates.yaml); null: "
                                                         "a warm-up, 0 reps or weight, or past 12 reps"},
            "note": {**NULLABLE_STRING, "description": "The lifter's note on the set"},
            "logged_at": TIMESTAMP,
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
               tag="history", access=OWNER, responses={200: "LoggedSetPage"}, errors=("unknown_lift",),
               query={**PAGINATION_QUERY, **LIFT_QUERY, **DAYS_QUERY,
                      "workout_id": {**PLAIN_TEXT, "maxLength": 64,
                                     "description": "Only the sets of this workout (or legacy session id)"}})
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        query = req.context.query
        require_lift(self.services.catalog.lifts, query.get("lift"))
        where = queries.SetFilter(lift=query.get("lift"), workout_id=query.get("workout_id"), **days(req))
        found = queries.logged_sets(self.services.uow(), user_id, page.limit, page.offset, where)
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


class SlotHistoryResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Every value a training max or work weight took, newest first", tag="history",
               access=OWNER, responses={200: "ProgressionLogPage"}, errors=("unknown_lift",),
               description="The progression log's entries in force (a correction's reverted ones left out): "
                           "the slot, its value before and after, the date, the rule and the workout that "
                           "changed it. A chart of a slot draws `new` against `applied_at`.",
               query={**PAGINATION_QUERY, **LIFT_QUERY, **DAYS_QUERY,
                      "slot": {**PLAIN_TEXT, "maxLength": 100, "description": "Only this slot"}})
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        query = req.context.query
        require_lift(self.services.catalog.lifts, query.get("lift"))
        where = queries.SlotFilter(lift=query.get("lift"), slot=query.get("slot"), in_force=True, **days(req))
        found = queries.progression_logs(self.services.uow(), user_id, page.limit, page.offset, where)
        resp.media = page_body(found.items, found.total, page)


def routes(services: Services) -> list[Route]:
    return [
        Route("/users/{user_id}/slots/history", SlotHistoryResource(services)),
        Route("/users/{user_id}/progression-logs", ProgressionLogsResource(services)),
        Route("/users/{user_id}/events", EventsResource(services)),
        Route("/users/{user_id}/sets", LoggedSetsResource(services)),
    ]
