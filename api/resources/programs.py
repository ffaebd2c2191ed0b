"""GET /programs and /programs/{slug}: the program catalog, as loaded (and versioned) at start-up."""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services

from ..openapi import PUBLIC, Route, operation
from ..schemas import NULLABLE_INTEGER, NULLABLE_STRING, TRIGGERS, array, obj, ref

SLUG_PARAM = {"slug": {"type": "string", "description": "A program slug, as listed by GET /programs"}}
WEEKS = {"type": ["array", "null"], "items": {"type": "integer", "minimum": 1},
         "description": "The weeks of the cycle it applies to; null: every week"}
PROGRAM_SUMMARY = {
    "slug": {"type": "string"},
    "name": {"type": "string"},
    "author": {"type": "string"},
    "level": {"type": "string"},
    "description": {"type": "string"},
    "days_per_week": {"type": "integer", "minimum": 0, "description": "Training days in the longest week"},
    "weeks_per_cycle": {"type": "integer", "minimum": 1},
    "repeats": {"type": "boolean", "description": "true: a new cycle follows the last week"},
    "version": {"type": "string", "description": "The content hash of the version new enrollments get"},
}

NUMBER = {"type": "number"}
AMOUNT = obj({"lb": NUMBER, "kg": NUMBER}, description="A weight per unit")

SCHEMAS = {
    "ProgramSummary": obj(PROGRAM_SUMMARY),
    "ProgramList": obj({"programs": array(ref("ProgramSummary"))}),
    "ProgramInput": obj({
        "id": {"type": "string", "description": "The key to use in the enrollment's `inputs`"},
        "lift": {"type": "string"},
        "kind": {"type": "string", "description": "rep_max (saved maxes fill it in) or work_weight"},
        "reps": {**NULLABLE_INTEGER, "description": "rep_max: the max is for this many reps"},
        "optional": {"type": "boolean"},
        "description": {"type": "string"},
    }),
    "ProgramOption": obj({
        "id": {"type": "string", "description": "The key to use in the enrollment's `options`"},
        "kind": {"type": "string", "enum": ["enum", "number", "weight", "date"],
                 "description": "enum: one of `values`; number: from `minimum` to `maximum` (whole numbers when "
                                "both and the default are); weight: the same, per unit ({lb, kg}), the lifter's "
                                "number in their unit; date: YYYY-MM-DD, optional (a meet the program ends on)"},
        "description": {"type": "string"},
        "default": {"oneOf": [NUMBER, {"type": "string"}, AMOUNT, {"type": "null"}],
                    "description": "The value when the enrollment leaves it out (a weight: {lb, kg}; a date: null)"},
        "values": {"type": "array", "items": {"oneOf": [NUMBER, {"type": "string"}]},
                   "description": "enum: the allowed values"},
        "minimum": {"oneOf": [NUMBER, AMOUNT], "description": "number: the smallest value; weight: {lb, kg}"},
        "maximum": {"oneOf": [NUMBER, AMOUNT], "description": "number: the largest value; weight: {lb, kg}"},
    }, required=["id", "kind", "description", "default"], description="A choice the lifter makes at enrollment"),
    "ProgramSlot": obj({
        "id": {"type": "string"},
        "lift": {"type": "string"},
        "kind": {"type": "string"},
        "description": {"type": "string"},
        "initial_from": {**NULLABLE_STRING, "description": "The input (or slot) its starting weight comes from"},
    }),
    "ProgramExercise": obj({
        "id": {"type": "string"},
        "lift": {"type": "string"},
        "slot": NULLABLE_STRING,
        "tag": NULLABLE_STRING,
        "weeks": WEEKS,
        "sets": {"type": "string", "enum": ["fixed", "lookup", "stages"]},
        "lookup": NULLABLE_STRING,
        "note": NULLABLE_STRING,
    }),
    "ProgramWorkout": obj({
        "id": {"type": "string"},
        "name": {"type": "string"},
        "label": NULLABLE_STRING,
        "exercises": array(ref("ProgramExercise")),
    }),
    "ProgramRule": obj({
        "id": {"type": "string"},
        "type": {"type": "string"},
        "trigger": {"type": "string", "enum": TRIGGERS},
        "event": {"type": "string", "description": "The event that fires the trigger"},
        "slots": array({"type": "string"}),
        "weeks": WEEKS,
        "description": {"type": "string"},
    }),
    "Program": obj({
        **PROGRAM_SUMMARY,
        "source": {"type": "string"},
        "rounding": obj({
            "increment": obj({"lb": {"type": "number"}, "kg": {"type": "number"}}),
            "mode": {"type": "string", "enum": ["nearest", "floor", "ceil"]},
        }),
        "inputs": array(ref("ProgramInput")),
        "options": array(ref("ProgramOption")),
        "slots": array(ref("ProgramSlot")),
        "workouts": array(ref("ProgramWorkout")),
        "schedule": obj({
            "weeks_per_cycle": {"type": "integer", "minimum": 1},
            "repeats": {"type": "boolean"},
            "weeks": array(obj({
                "week": {"type": "integer", "minimum": 1},
                "label": NULLABLE_STRING,
                "days": array({"type": "string", "description": "A workout id"}),
            })),
        }),
        "progressions": array(ref("ProgramRule")),
        "docs_page": {"type": "string", "description": "The program's generated page in the repository: what it "
                      "is, a week-by-week table, its rules in words and drawn (`powerpro docs` writes it)"},
        "preview": {"type": "string", "description": "The path of its preview page (HTML): loads for your maxes"},
    }, description="A program in full: what to enroll with (inputs), what it tracks (slots), its "
                   "workouts and schedule, and the progression rules with the events that trigger them"),
}


class ProgramsResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Every program of the catalog", tag="catalog", access=PUBLIC, responses={200: "ProgramList"})
    def on_get(self, req: falcon.Request, resp: falcon.Response) -> None:
        resp.media = {"programs": queries.programs(self.services)}


class ProgramResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="One program: inputs, slots, workouts, schedule, progression rules", tag="catalog",
               access=PUBLIC, responses={200: "Program"}, path_params=SLUG_PARAM, errors=("unknown_program",))
    def on_get(self, req: falcon.Request, resp: falcon.Response, slug: str) -> None:
        resp.media = queries.program(self.services, slug)


def routes(services: Services) -> list[Route]:
    return [Route("/programs", ProgramsResource(services)), Route("/programs/{slug}", ProgramResource(services))]
