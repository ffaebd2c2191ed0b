"""GET /users/{user_id}/maxes and PUT /users/{user_id}/maxes/{lift}: a lifter's rep maxes."""

from __future__ import annotations

import falcon

from engine import accounts
from engine.bootstrap import Services

from ..openapi import OWNER, Route, operation
from ..representations import lift_max_json
from ..schemas import WEIGHT_STEP

MAX_WEIGHT = 2000
MAX_REPS = 20
LIFT_PARAM = {"lift": {"type": "string", "description": "A lift slug, as listed by GET /lifts"}}

SCHEMAS = {
    "LiftMaxInput": {
        "type": "object",
        "required": ["weight", "unit"],
        "properties": {
            "weight": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": MAX_WEIGHT,
                       "multipleOf": WEIGHT_STEP},
            "unit": {"type": "string", "enum": list(accounts.WEIGHT_UNITS)},
            "reps": {"type": "integer", "minimum": 1, "maximum": MAX_REPS, "default": 1,
                     "description": "The max is for this many reps (1 for a one-rep max)"},
        },
        "additionalProperties": False,
    },
    "LiftMax": {
        "type": "object",
        "required": ["lift", "lift_name", "weight", "unit", "reps", "updated_at"],
        "properties": {
            "lift": {"type": "string"},
            "lift_name": {"type": "string"},
            "weight": {"type": "number", "exclusiveMinimum": 0},
            "unit": {"type": "string", "enum": list(accounts.WEIGHT_UNITS)},
            "reps": {"type": "integer", "minimum": 1},
            "updated_at": {"type": "string", "format": "date-time"},
        },
        "additionalProperties": False,
    },
    "LiftMaxList": {
        "type": "object",
        "required": ["maxes"],
        "properties": {"maxes": {"type": "array", "items": {"$ref": "#/components/schemas/LiftMax"}}},
        "additionalProperties": False,
    },
}


class MaxesResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="List a user's maxes", tag="maxes", access=OWNER, responses={200: "LiftMaxList"},
               errors=("user_not_found",))
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        maxes = accounts.list_maxes(self.services.uow(), user_id)
        resp.media = {"maxes": [lift_max_json(entry) for entry in maxes]}


class MaxResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Set a user's max for a lift (and rep count)", tag="maxes", access=OWNER,
               request="LiftMaxInput", responses={200: "LiftMax"}, path_params=LIFT_PARAM,
               errors=("unknown_lift", "user_not_found"))
    def on_put(self, req: falcon.Request, resp: falcon.Response, user_id: str, lift: str) -> None:
        body = req.context.body
        entry = accounts.set_max(self.services.uow(), user_id, lift, weight=body["weight"], unit=body["unit"],
                                 reps=body.get("reps", 1))
        resp.media = lift_max_json(entry)


def routes(services: Services) -> list[Route]:
    return [
        Route("/users/{user_id}/maxes", MaxesResource(services)),
        Route("/users/{user_id}/maxes/{lift}", MaxResource(services)),
    ]
