"""A lifter's progress: a lift's history per training day (for a chart) and personal records."""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.lift_catalog import require_lift

from ..openapi import OWNER, Route, operation
from ..pagination import PAGINATION_QUERY, page_body, page_request, page_schema
from ..schemas import COMMON_SCHEMAS, NULLABLE_NUMBER, NULLABLE_STRING, TIMESTAMP, UNIT, WEIGHT, array, obj, ref
from .history import DAYS_QUERY, LIFT_QUERY, days

LIFT_PARAM = {"lift": {"type": "string", "description": "A lift slug, as listed by GET /lifts"}}
E1RM = {**WEIGHT, "description": "Estimated 1RM (specs/estimates.yaml: the RPE chart when an RPE was logged, "
                                 "else Epley, a single its own max)"}
SET_REF = {
    "set_id": {"type": "string"},
    "session_id": {"type": "string", "description": "The workout, or a legacy set's client-made session id"},
    "workout_id": {**NULLABLE_STRING, "description": "null for legacy sets"},
    "weight": WEIGHT,
    "unit": UNIT,
    "reps": {"type": "integer", "minimum": 1},
    "rpe": NULLABLE_NUMBER,
    "logged_at": TIMESTAMP,
}

SCHEMAS = {
    **COMMON_SCHEMAS,
    "LiftDay": obj(
        {
            "date": {"type": "string", "format": "date", "description": "The UTC day"},
            "unit": UNIT,
            "top_set": obj({"set_id": {"type": "string"}, "weight": WEIGHT, "unit": UNIT,
                            "reps": {"type": "integer", "minimum": 0}, "rpe": NULLABLE_NUMBER},
                           description="The heaviest set (then the most reps, then the first)"),
            "e1rm": {**E1RM, "type": ["number", "null"], "description": "The day's best estimated 1RM; null: no "
                                                                          "set estimates one (all past 12 reps)"},
            "volume": {**WEIGHT, "description": "Sets x reps x weight, warm-ups left out"},
            "sets": {"type": "integer", "minimum": 1, "description": "Work sets logged (warm-ups left out)"},
            "hard_sets": {"type": "integer", "minimum": 0,
                          "description": "Sets at RPE 7 or more, or with no RPE at 70% or more of the day's e1RM"},
        },
        description="One training day of a lift: what a progress chart plots",
    ),
    "LiftDayPage": page_schema("LiftDay"),
    "RepMax": obj({"reps": {"type": "integer", "minimum": 1, "maximum": 12}, **SET_REF},
                  description="The heaviest weight lifted for exactly `reps` reps, and the set"),
    "LiftRecords": obj(
        {
            "lift": {"type": "string"},
            "rep_maxes": {**array(ref("RepMax")), "description": "By rep count, 1 to 12 (counts never done left out)"},
            "e1rm": {"oneOf": [obj({**SET_REF, "e1rm": E1RM}), {"type": "null"}],
                     "description": "The best estimated 1RM and the set; null: no set estimates one"},
            "session_volume": {"oneOf": [obj({"volume": WEIGHT, "unit": UNIT, "session_id": {"type": "string"},
                                              "workout_id": NULLABLE_STRING, "logged_at": TIMESTAMP}),
                                         {"type": "null"}],
                               "description": "The workout with the most sets x reps x weight of the lift"},
        },
        description="A lift's personal records (warm-ups never count; sets logged before workouts were tracked do)",
    ),
    "Records": obj({"records": array(ref("LiftRecords"))}, description="Every lift's records, by lift slug"),
    "RecordBroken": obj(
        {
            "record": {"type": "string", "enum": ["rep_max", "e1rm", "session_volume"]},
            "reps": {"type": "integer", "minimum": 1, "description": "rep_max: the rep count"},
            "weight": {**WEIGHT, "description": "rep_max: the new best"},
            "e1rm": {**E1RM, "description": "e1rm: the new best"},
            "volume": {**WEIGHT, "description": "session_volume: this workout's volume of the lift now"},
            "previous": {"type": ["number", "null"], "description": "The best before; null: the first"},
            "unit": UNIT,
        },
        required=["record", "previous", "unit"],
        description="A personal record the set just broke (beaten, not matched)",
    ),
}


class LiftHistoryResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="A lift's history per training day, newest first: top set, e1RM, volume, hard sets",
               tag="history", access=OWNER, responses={200: "LiftDayPage"}, path_params=LIFT_PARAM,
               errors=("unknown_lift",), query={**PAGINATION_QUERY, **DAYS_QUERY})
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str, lift: str) -> None:
        require_lift(self.services.catalog.lifts, lift)
        page = page_request(req)
        found = queries.lift_history(self.services.uow(), user_id, lift, page.limit, page.offset, **days(req))
        resp.media = page_body(found.items, found.total, page)


class RecordsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="A user's personal records per lift, with the set that made each", tag="history",
               access=OWNER, responses={200: "Records"}, errors=("unknown_lift",), query=LIFT_QUERY)
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        lift = req.context.query.get("lift")
        require_lift(self.services.catalog.lifts, lift)
        resp.media = {"records": queries.records(self.services.uow(), user_id, lift)}


def routes(services: Services) -> list[Route]:
    return [
        Route("/users/{user_id}/lifts/{lift}/history", LiftHistoryResource(services)),
        Route("/users/{user_id}/records", RecordsResource(services)),
    ]
