"""GET /machines and /machines/{name}: the four state machines, as declared in specs/machines/."""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services

from ..openapi import PUBLIC, Route, operation
from ..schemas import NULLABLE_INTEGER, NULLABLE_STRING, array, obj, ref

NAME_PARAM = {"name": {"type": "string", "description": "enrollment, cycle, week or session"}}
ACTORS = array({"type": "string", "enum": ["user", "engine"]})

SCHEMAS = {
    "MachineTransition": obj({
        "trigger": {"type": "string"},
        "source": {"type": "string"},
        "target": {"type": "string"},
        "emits": {**NULLABLE_STRING, "description": "The event the transition emits; null: none"},
        "actors": {**ACTORS, "description": "Who may fire it: the user (through the API) or the engine"},
    }),
    "MachineCreation": obj({
        "trigger": {"type": "string"},
        "target": {"type": "string"},
        "emits": {"type": "string"},
        "actors": ACTORS,
    }, description="Creating the entity: the (none) -> initial transition"),
    "Machine": obj({
        "name": {"type": "string"},
        "description": {"type": "string"},
        "table": {"type": "string", "description": "Where the state is persisted"},
        "column": {"type": "string"},
        "states": array({"type": "string"}),
        "initial": {"type": "string"},
        "finals": array({"type": "string"}),
        "creation": {"oneOf": [ref("MachineCreation"), {"type": "null"}]},
        "transitions": array(ref("MachineTransition")),
        "events": array({"type": "string"}),
        "stale_after_seconds": {
            **NULLABLE_INTEGER,
            "description": "session: an IN_PROGRESS workout this old is abandoned by the next start",
        },
    }),
    "MachineList": obj({"machines": array(ref("Machine"))}),
}


class MachinesResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="The four state machines", tag="catalog", access=PUBLIC, responses={200: "MachineList"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"machines": queries.machines(self.services)}


class MachineResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="One state machine: states, transitions, events", tag="catalog", access=PUBLIC,
               responses={200: "Machine"}, path_params=NAME_PARAM, errors=("unknown_machine",))
    def on_get(self, req: falcon.Request, resp: falcon.Response, name: str) -> None:
        resp.media = queries.machine(self.services, name)


def routes(services: Services) -> list[Route]:
    return [Route("/machines", MachinesResource(services)), Route("/machines/{name}", MachineResource(services))]
