"""GET /lifts: the lift catalog, whose slugs name lifts everywhere else (maxes, programs, sets)."""

from __future__ import annotations

import falcon

from engine import lift_catalog
from engine.bootstrap import Services

from ..openapi import PUBLIC, Route, operation

SCHEMAS = {
    "Lift": {
        "type": "object",
        "required": ["slug", "name"],
        "properties": {"slug": {"type": "string"}, "name": {"type": "string"}},
        "additionalProperties": False,
    },
    "LiftList": {
        "type": "object",
        "required": ["lifts"],
        "properties": {"lifts": {"type": "array", "items": {"$ref": "#/components/schemas/Lift"}}},
        "additionalProperties": False,
    },
}


class LiftsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Every lift, by slug", tag="catalog", access=PUBLIC, responses={200: "LiftList"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        lifts = lift_catalog.list_lifts(self.services.uow())
        resp.media = {"lifts": [{"slug": slug, "name": name} for slug, name in lifts]}


def routes(services: Services) -> list[Route]:
    return [Route("/lifts", LiftsResource(services))]
