"""/users/{user_id}/enrollment: enroll, read the state at every level, quit, next cycle, advance week.

Every response carries ``state`` (schema ``State``); the responses to POST and DELETE also list
``progressions_applied`` (advance-week can complete a week or a cycle, and so progress).
"""

from __future__ import annotations

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.commands import AdvanceWeek, Enroll, InputValue, NextCycle, Quit
from engine.programs import Weight

from .. import links
from ..actions import state_json
from ..auth import current_user
from ..commands import execute, refusals_with_actions
from ..display_units import shown_in
from ..openapi import OWNER, Route, operation
from ..representations import progressions_json
from ..schemas import COMMON_SCHEMAS, PLAIN_TEXT, TIMESTAMP, UNIT, WEIGHT, WEIGHT_STEP, array, obj, ref
from ..stored_answers import send_answer
from .maxes import MAX_WEIGHT

SLUG = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": "^[a-z0-9][a-z0-9-]*$",
        "description": "must be a program slug, as listed by GET /programs"}
ENROLLMENT = {"enrollment": ref("Enrollment"), "state": ref("State")}
PROGRESSIONS_APPLIED = array(ref("ProgressionChange"))

SCHEMAS = {
    **COMMON_SCHEMAS,
    "EnrollRequest": obj(
        {
            "program": SLUG,
            "inputs": {
                "type": "object",
                "description": "The program's inputs by id (GET /programs/{slug} lists them). Optional: the "
                               "user's saved maxes (PUT /users/{id}/maxes/{lift}) fill in rep_max inputs.",
                "propertyNames": PLAIN_TEXT,
                "additionalProperties": obj({
                    "weight": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": MAX_WEIGHT,
                               "multipleOf": WEIGHT_STEP},
                    "unit": UNIT,
                }),
            },
            "options": {
                "type": "object",
                "description": "Values for the program's options by id (GET /programs/{slug} lists them with their "
                               "values or bounds; a weight option's number is in the user's unit). Optional: "
                               "each option left out takes its default.",
                "propertyNames": PLAIN_TEXT,
                "maxProperties": 20,
                "additionalProperties": {"anyOf": [{"type": "number", "minimum": 0, "maximum": MAX_WEIGHT,
                                                    "multipleOf": WEIGHT_STEP},
                                                   {**PLAIN_TEXT, "maxLength": 64}]},
            },
        },
        required=["program"],
    ),
    "EnrollmentSlot": obj({
        "slot": {"type": "string"},
        "lift": {"type": ["string", "null"]},
        "kind": {"type": ["string", "null"]},
        "weight": {**WEIGHT, "type": ["number", "null"]},
        "unit": {"oneOf": [UNIT, {"type": "null"}]},
        "stage": {"type": "integer"},
        "failure_count": {"type": "integer"},
    }, description="A weight the program tracks and progresses (a training max, a work weight...)"),
    "NextWorkout": obj({
        "name": {"type": "string"},
        "week": {"type": "integer", "minimum": 1},
        "day_index": {"type": "integer", "minimum": 0},
        "sets": array(ref("PrescribedSet")),
        "countdown": {"oneOf": [obj({
            "date": {"type": "string", "format": "date", "description": "The date the program ends on (the meet)"},
            "week_ends_on": {"type": "string", "format": "date"},
            "days_out_at_week_end": {"type": "integer", "minimum": 0},
            "label": {"type": "string", "description": "e.g. \"3 weeks out\", \"the meet week\""},
        }), {"type": "null"}], "description": "With a meet date (an option the schedule ends on): where this "
                                              "week stands against it; null otherwise"},
    }, description="What POST /workouts/start would prescribe now"),
    "Enrollment": obj({
        "id": {"type": "string"},
        "user_id": {"type": "string"},
        "program": ref("ProgramRef"),
        "enrolled_at": TIMESTAMP,
        "slots": array(ref("EnrollmentSlot")),
        "options": {"type": ["object", "null"], "additionalProperties": True,
                    "description": "The program options this enrollment runs with, by id (a weight option as "
                                   "{lb, kg}); null: the program has none"},
        "next_workout": {"oneOf": [ref("NextWorkout"), {"type": "null"}],
                         "description": "null unless ACTIVE with no workout in progress"},
    }),
    "EnrollmentView": obj(ENROLLMENT),
    "EnrollmentResult": obj({**ENROLLMENT, "progressions_applied": PROGRESSIONS_APPLIED}),
}

REFUSALS = ("not_enrolled", "invalid_transition", "concurrent_transition")


def enrollment_json(answer: dict, outcome=None) -> dict:
    """The engine's answer (JSON values, stored or just stored) with the actions' routes."""
    body = {"enrollment": answer["enrollment"], "state": state_json(answer["state"])}
    if outcome is not None:
        body["progressions_applied"] = progressions_json(outcome)
    return body


class EnrollmentResource:
    # The token's owner and the answer in one statement (api/auth.py).
    signed_in_reads = {"/users/{user_id}/enrollment": lambda reads, token, params: (
        queries.stored.signed_in_enrollment(reads, token, params["user_id"]))}

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Enroll in a program", tag="enrollment", access=OWNER, request="EnrollRequest",
               responses={201: "EnrollmentResult"}, links=links.ENROLLED,
               errors=("unknown_program", "missing_maxes", "invalid_option", "already_enrolled", "not_found"),
               description="Starts ACTIVE, with the cycle and the week PENDING until the first workout. "
                           "Inputs not sent come from the user's saved maxes; missing ones are listed in "
                           "`missing_inputs` (422 missing_maxes). A value a program option does not allow is "
                           "422 invalid_option, naming the field.")
    def on_post(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        body = req.context.body
        inputs = tuple(
            InputValue(input_id, Weight.of(value["weight"], value["unit"]))
            for input_id, value in sorted(body.get("inputs", {}).items())
        )
        options = tuple(sorted(body.get("options", {}).items()))
        outcome = execute(self.services, user_id, Enroll(user_id, body["program"], inputs, options))
        resp.status = falcon.HTTP_201
        resp.location = f"/users/{user_id}/enrollment"
        resp.media = enrollment_json(outcome.answer, outcome)
        shown_in(resp, outcome.unit)

    @operation(summary="The enrollment: state at every level, position, next workout, available actions",
               tag="enrollment", access=OWNER, responses={200: "EnrollmentView"}, errors=("not_enrolled",),
               links=links.ENROLLED,
               description="409 not_enrolled (with `allowed_actions`: enroll) when the user has no live enrollment. "
                           "After a program that ends (COMPLETED), that enrollment until the next: its state "
                           "block says COMPLETED and its one available action is to enroll again.")
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        with refusals_with_actions(self.services, user_id):
            answer, unit = queries.stored.enrollment(self.services, req.context.reads, user_id,
                                                     current_user(req).weight_unit, req.context.found)
        send_answer(resp, "enrollment", answer, unit)

    @operation(summary="Quit the program", tag="enrollment", access=OWNER, responses={200: "EnrollmentResult"},
               errors=REFUSALS, links=links.QUIT,
               description="ACTIVE or BETWEEN_CYCLES -> QUIT; a workout in progress is abandoned. Answers the "
                           "final state (QUIT), whose available action is to enroll again.")
    def on_delete(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        self._command(resp, user_id, Quit(user_id))

    @operation(summary="Start the next cycle", tag="enrollment", access=OWNER, responses={200: "EnrollmentResult"},
               errors=REFUSALS, links=links.ENROLLED,
               description="BETWEEN_CYCLES -> ACTIVE at week 1, day 0, on the newest version of the program.")
    def on_post_next_cycle(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        self._command(resp, user_id, NextCycle(user_id))

    @operation(summary="End the current week early", tag="enrollment", access=OWNER,
               responses={200: "EnrollmentResult"}, errors=(*REFUSALS, "workout_already_in_progress"),
               links=links.ENROLLED,
               description="The week IN_PROGRESS -> COMPLETED, as if its last day were done: the next week "
                           "starts PENDING, or the cycle completes. Week and cycle progressions apply.")
    def on_post_advance_week(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        self._command(resp, user_id, AdvanceWeek(user_id))

    def _command(self, resp: falcon.Response, user_id: str, command) -> None:
        outcome = execute(self.services, user_id, command)
        resp.media = enrollment_json(outcome.answer, outcome)
        shown_in(resp, outcome.unit)


def routes(services: Services) -> list[Route]:
    resource = EnrollmentResource(services)
    return [
        Route("/users/{user_id}/enrollment", resource),
        Route("/users/{user_id}/enrollment/next-cycle", resource, suffix="next_cycle"),
        Route("/users/{user_id}/enrollment/advance-week", resource, suffix="advance_week"),
    ]
