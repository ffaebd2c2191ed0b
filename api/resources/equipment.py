"""GET and PUT /users/me/equipment: the lifter's bar and the plates they own, per unit.

Every prescribed barbell set is loaded with them (its ``plates``); a load they cannot make is
rounded to the nearest one they can and says so (engine/programs/plates.py).
"""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.commands import SetEquipment
from engine.programs.plates import MAX_PLATE_COUNT, MICROPLATES, STANDARD_PLATES
from engine.programs.units import EMPTY_BAR, Unit, format_decimal

from ..auth import current_user
from ..commands import execute
from ..openapi import Route, operation
from ..schemas import WEIGHT_STEP, array, obj, ref

MAX_BAR = 100  # either unit: a heavier "bar" is a typing mistake
MAX_PLATE = 100
MAX_PLATE_SIZES = 20


def _per_unit(schema: dict, description: str) -> dict:
    # No "required" list: OpenAPI 3.0 (which Swagger UI renders) refuses an empty one.
    return {"type": "object", "properties": {u.value: schema for u in Unit}, "additionalProperties": False,
            "description": description}


def _standard(unit: Unit) -> str:
    return ", ".join(f"{format_decimal(p)} x {n}" for p, n in STANDARD_PLATES[unit])


PLATE = obj({"weight": {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_PLATE, "multipleOf": WEIGHT_STEP},
             "count": {"type": "integer", "minimum": 0, "maximum": MAX_PLATE_COUNT,
                       "description": "How many you own, both sides together (2 load one a side)"}})
PLATES = {**array(PLATE), "maxItems": MAX_PLATE_SIZES}
BAR = {"type": "number", "minimum": 0, "maximum": MAX_BAR, "multipleOf": WEIGHT_STEP}
DEFAULTS = (f"Defaults (a standard gym): a {format_decimal(EMPTY_BAR.lb)} lb / {format_decimal(EMPTY_BAR.kg)} kg "
            f"bar; lb plates {_standard(Unit.LB)}; kg plates {_standard(Unit.KG)}; no microplates. Microplates "
            f"add a pair each of {', '.join(map(format_decimal, MICROPLATES[Unit.LB]))} lb and "
            f"{', '.join(map(format_decimal, MICROPLATES[Unit.KG]))} kg.")

SCHEMAS = {
    "EquipmentInput": {
        "type": "object",
        "properties": {
            "bar": _per_unit(BAR, "Your bar's weight in each unit; a unit left out keeps the default"),
            "plates": _per_unit(PLATES, "The plates you own in each unit, with counts; a unit left out keeps "
                                        "the default"),
            "microplates": {"type": "boolean", "description": "You own microplates (a pair of each size)"},
        },
        "additionalProperties": False,
        "description": f"Replaces your equipment; members left out take the default. {DEFAULTS}",
    },
    "Equipment": obj(
        {"bar": obj({u.value: {"type": "number", "minimum": 0} for u in Unit}),
         "plates": obj({u.value: array(PLATE) for u in Unit}),
         "microplates": {"type": "boolean"}},
        description=f"Your bar and plates per unit (the defaults until you PUT yours). {DEFAULTS}",
    ),
    "EquipmentView": obj({"equipment": ref("Equipment")}),
}


class EquipmentResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Your bar and plates", tag="account", responses={200: "EquipmentView"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = queries.accounts.equipment(self.services.uow(), current_user(req).id)

    @operation(summary="Save your bar and plates", tag="account", request="EquipmentInput",
               responses={200: "EquipmentView"},
               description="Every prescribed barbell set is then loaded with them (`plates` on the set: the bar and "
                           "each side's plates); a load your plates cannot make is rounded to the nearest one they "
                           "make (an exact half up, so never more than half a step above the program's), and the set "
                           "says so (`plates.adjusted`, `plates.program_weight`). Your enrollment's next workout and "
                           "the sets of your workout in progress not yet logged change at once.")
    def on_put(self, req: falcon.Request, resp: falcon.Response) -> None:
        user_id = current_user(req).id
        resp.media = execute(self.services, user_id, SetEquipment(user_id, req.context.body)).answer


def routes(services: Services) -> list[Route]:
    return [Route("/users/me/equipment", EquipmentResource(services))]
