"""Workouts: start one, log its sets, finish or abandon it; list a user's workouts and the current one.

``/workouts/...`` act on the caller's own workouts: someone else's workout id answers 404
not_found, exactly like an id that does not exist, so ids do not leak. Every response carries
the workout and ``state`` (schema ``State``); those of actions also list ``progressions_applied``.
"""

from __future__ import annotations

from decimal import Decimal

import falcon

from engine import queries
from engine.bootstrap import Services
from engine.commands import AbandonWorkout, CorrectSet, DeleteSet, FinishWorkout, LogSet, StartWorkout, UpdateWorkout
from engine.commands.corrections import MAX_NOTE
from engine.programs.units import to_decimal

from .. import links
from ..actions import state_json
from ..auth import current_user
from ..commands import execute, refusals_with_actions
from ..display_units import shown_in
from ..errors import HttpProblem
from ..openapi import OWNER, Route, operation
from ..pagination import PAGINATION_QUERY, page_body, page_request, page_schema, status_filter, status_filter_values
from ..representations import correction_progressions_json, progressions_json
from ..schemas import COMMON_SCHEMAS, PLAIN_TEXT, PROGRESSION_CHANGE, WEIGHT_STEP, array, obj, ref
from ..stored_answers import send_answer
from .maxes import MAX_WEIGHT

MAX_REPS = 1000
MAX_SET_INDEX = 2**31 - 1  # logged_sets.set_index is an INTEGER
RPE_STEP = 0.1  # logged_sets.rpe is NUMERIC(3, 1): 7.5, never 7.25
WORKOUT_PARAM = {"workout_id": {"type": "string", "description": "A workout id, from POST /workouts/start"}}
WORKOUT = {"workout": ref("Workout"), "state": ref("State")}
PROGRESSIONS_APPLIED = {
    **array(ref("ProgressionChange")),
    "description": "The progressions this request applied (each exactly once); often empty",
}
REFUSALS = ("not_found", "invalid_transition", "concurrent_transition")
SET_PARAMS = {**WORKOUT_PARAM, "set_index": {"type": "integer", "minimum": 0, "maximum": MAX_SET_INDEX,
                                             "description": "The logged set's set_index"}}
CORRECTION_REFUSALS = ("not_found", "set_not_logged", "correction_window_closed", "concurrent_transition")
CORRECTION_RULES = (
    "Allowed while the workout is IN_PROGRESS, and on the enrollment's most recent COMPLETED workout "
    "while nothing has happened since (no later workout started, no week advanced or new cycle); "
    "otherwise 409 `correction_window_closed` with its `reason`. Every progression the workout produced "
    "(its sets' AFTER_SET and ON_FAILURE changes, and for a completed workout those of its finish and of "
    "the week or cycle it completed) is reverted and derived again from the sets as corrected: "
    "`progressions_applied` lists them, `correction` saying `reverted` or `applied`."
)
NOTE = {**PLAIN_TEXT, "maxLength": MAX_NOTE,
        "description": f"Your note (at most {MAX_NOTE} characters, no control characters)"}
WORKOUT_NOTE = {"type": "object", "properties": {"note": NOTE}, "additionalProperties": False}
RPE = {"type": "number", "minimum": 1, "maximum": 10, "multipleOf": RPE_STEP,
       "description": "Rate of perceived exertion"}

# Every field optional: no "required" list (OpenAPI 3.0, which Swagger UI renders, refuses an empty one).
CORRECT_SET_REQUEST = {
    "type": "object",
    "properties": {
        "reps": {"type": "integer", "minimum": 0, "maximum": MAX_REPS, "description": "Reps done"},
        "weight": {"type": "number", "minimum": 0, "exclusiveMaximum": MAX_WEIGHT, "multipleOf": WEIGHT_STEP,
                   "description": "The weight lifted, in the set's unit"},
        "rpe": {**RPE, "type": ["number", "null"], "description": "RPE; null removes it"},
        "note": {**PLAIN_TEXT, "type": ["string", "null"], "maxLength": MAX_NOTE,
                 "description": f"A note on the set (at most {MAX_NOTE} characters, no control characters); "
                                "null removes it"},
    },
    "additionalProperties": False,
    "minProperties": 1,
    "description": "The fields to correct (at least one); those left out keep their value",
}

SCHEMAS = {
    **COMMON_SCHEMAS,
    "LogSetRequest": obj(
        {
            "set_index": {"type": "integer", "minimum": 0, "maximum": MAX_SET_INDEX,
                          "description": "The prescribed set's set_index"},
            "reps": {"type": "integer", "minimum": 0, "maximum": MAX_REPS, "description": "Reps done"},
            "weight": {"type": "number", "minimum": 0, "exclusiveMaximum": MAX_WEIGHT, "multipleOf": WEIGHT_STEP,
                       "description": "The weight lifted, in the prescribed set's unit; omit it when it was the "
                                      "prescribed weight (required when none was prescribed; 0: bodyweight)"},
            "rpe": RPE,
            "note": {**NOTE, "description": f"Your note on the set (at most {MAX_NOTE} characters)"},
        },
        required=["set_index", "reps"],
    ),
    "StartWorkoutRequest": {**WORKOUT_NOTE, "description": "Optional: the body may be left out"},
    "FinishWorkoutRequest": {**WORKOUT_NOTE,
                             "description": "Optional: the body may be left out; a note replaces the workout's"},
    "WorkoutUpdate": obj({"note": {**NOTE, "type": ["string", "null"],
                                   "description": f"Your note on the workout (at most {MAX_NOTE} characters); "
                                                  "null removes it"}}),
    "CorrectSetRequest": CORRECT_SET_REQUEST,
    "CorrectionChange": obj(
        {**PROGRESSION_CHANGE,
         "correction": {"type": "string", "enum": ["reverted", "applied"],
                        "description": "reverted: undone (previous is the value it had set); applied: derived "
                                       "again from the corrected sets"}},
        description="A progression a correction reverted or applied again",
    ),
    "CorrectionResult": obj(
        {"set": {"oneOf": [ref("LoggedSet"), {"type": "null"}], "description": "The set as corrected (null: deleted)"},
         **WORKOUT,
         "progressions_applied": {**array(ref("CorrectionChange")),
                                  "description": "The progressions reverted, then those applied again, in order"}},
    ),
    "WorkoutView": obj(WORKOUT),
    "WorkoutResult": obj({**WORKOUT, "progressions_applied": PROGRESSIONS_APPLIED}),
    "LoggedSetResult": obj({"set": ref("LoggedSet"), **WORKOUT, "progressions_applied": PROGRESSIONS_APPLIED,
                            "records": {**array(ref("RecordBroken")),
                                        "description": "The personal records this set broke (GET "
                                                       "/users/{user_id}/records lists them all)"}}),
    "CurrentWorkout": obj(
        {"workout": {"oneOf": [ref("Workout"), {"type": "null"}]}, "state": ref("State")},
        description="The workout in progress, or `\"workout\": null` when there is none (still 200)",
    ),
    "WorkoutPage": page_schema("WorkoutSummary"),
}


def workout_json(answer: dict, outcome=None) -> dict:
    """The engine's answer (JSON values, stored or just stored) with the actions' routes."""
    body = {"workout": answer["workout"], "state": state_json(answer["state"])}
    if outcome is not None:
        body["progressions_applied"] = progressions_json(outcome)
    return body


def _logged(view: dict, set_index: int):
    return next((s["logged"] for s in view["workout"]["sets"] if s["set_index"] == set_index), None)


def _note(req: falcon.Request) -> str | None:
    """The note of an optional body (None: no body, or no note in it)."""
    return (req.context.body or {}).get("note")


def _decimal(value) -> Decimal | None:
    return None if value is None else to_decimal(value)


class WorkoutStartResource:
    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Start the next workout of your enrollment", tag="workouts", responses={201: "WorkoutView"},
               links=links.WORKOUT_IN_PROGRESS, request="StartWorkoutRequest", request_optional=True,
               errors=("not_enrolled", "invalid_transition", "workout_already_in_progress", "concurrent_transition"),
               description="Prescribes every set of the day's workout with its weight and unit. The first workout "
                           "of a week (cycle) puts it IN_PROGRESS. A workout already in progress refuses with its "
                           "id (`current_workout_session_id`), unless it is stale: then it is abandoned.")
    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        user_id = current_user(req).id
        outcome = execute(self.services, user_id, StartWorkout(user_id, note=_note(req)))
        resp.status = falcon.HTTP_201
        resp.location = f"/workouts/{outcome.result}"
        resp.media = workout_json(outcome.answer)
        shown_in(resp, outcome.unit)


class WorkoutResource:
    # The token's owner and the answer in one statement (api/auth.py).
    signed_in_reads = {"/workouts/{workout_id}": lambda reads, token, params: (
        queries.stored.signed_in_workout(reads, token, params["workout_id"]))}

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="One of your workouts, with its sets and the state", tag="workouts",
               responses={200: "WorkoutView"}, path_params=WORKOUT_PARAM, errors=("not_found",),
               links=links.WORKOUT_IN_PROGRESS)
    def on_get(self, req: falcon.Request, resp: falcon.Response, workout_id: str) -> None:
        user = current_user(req)
        answer, unit = queries.stored.workout(self.services, req.context.reads, user.id, workout_id,
                                              user.weight_unit, req.context.found)
        send_answer(resp, "workout", answer, unit)

    @operation(summary="Change your note on a workout", tag="workouts", request="WorkoutUpdate",
               responses={200: "WorkoutView"}, path_params=WORKOUT_PARAM, errors=("not_found",),
               links=links.WORKOUT_IN_PROGRESS,
               description="Any of your workouts, in any state: a note changes nothing a progression reads. "
                           "null removes it.")
    def on_patch(self, req: falcon.Request, resp: falcon.Response, workout_id: str) -> None:
        user_id = current_user(req).id
        outcome = execute(self.services, user_id, UpdateWorkout(user_id, workout_id, req.context.body["note"]))
        resp.media = workout_json(outcome.answer)

    @operation(summary="Log a set of a workout in progress", tag="workouts", request="LogSetRequest",
               responses={201: "LoggedSetResult"}, path_params=WORKOUT_PARAM, links=links.WORKOUT_IN_PROGRESS,
               errors=(*REFUSALS, "set_already_logged", "set_not_prescribed", "weight_required"))
    def on_post_sets(self, req: falcon.Request, resp: falcon.Response, workout_id: str) -> None:
        user_id = current_user(req).id
        body = req.context.body
        command = LogSet(user_id, workout_id, body["set_index"], body["reps"],
                         weight=_decimal(body.get("weight")), rpe=_decimal(body.get("rpe")), note=body.get("note"))
        outcome = execute(self.services, user_id, command)
        view = outcome.answer
        resp.status = falcon.HTTP_201
        resp.media = {"set": _logged(view, body["set_index"]), **workout_json(view, outcome),
                      "records": view["records"]}
        shown_in(resp, outcome.unit)

    @operation(summary="Finish a workout in progress", tag="workouts", responses={200: "WorkoutResult"},
               path_params=WORKOUT_PARAM, errors=REFUSALS, links=links.WORKOUT_ENDED,
               request="FinishWorkoutRequest", request_optional=True,
               description="IN_PROGRESS -> COMPLETED. Moves to the next day; the last day of a week completes it "
                           "(and the last week the cycle). Session, week and cycle progressions apply.")
    def on_post_finish(self, req: falcon.Request, resp: falcon.Response, workout_id: str) -> None:
        self._end(req, resp, FinishWorkout(current_user(req).id, workout_id, note=_note(req)))

    @operation(summary="Abandon a workout in progress", tag="workouts", responses={200: "WorkoutResult"},
               path_params=WORKOUT_PARAM, errors=REFUSALS, links=links.WORKOUT_ENDED,
               description="IN_PROGRESS -> ABANDONED. The position does not move; abandoned workouts never progress.")
    def on_post_abandon(self, req: falcon.Request, resp: falcon.Response, workout_id: str) -> None:
        self._end(req, resp, AbandonWorkout(current_user(req).id, workout_id))

    def _end(self, req: falcon.Request, resp: falcon.Response, command) -> None:
        outcome = execute(self.services, command.user_id, command)
        resp.media = workout_json(outcome.answer, outcome)
        shown_in(resp, outcome.unit)


class WorkoutSetResource:
    """One logged set: corrected (PATCH) or deleted (DELETE)."""

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="Correct a logged set (a typo in reps, weight, RPE or its note)", tag="workouts",
               request="CorrectSetRequest", responses={200: "CorrectionResult"}, path_params=SET_PARAMS,
               errors=(*CORRECTION_REFUSALS, "note_too_long"), description=CORRECTION_RULES,
               links=links.WORKOUT_IN_PROGRESS)
    def on_patch(self, req: falcon.Request, resp: falcon.Response, workout_id: str, set_index: str) -> None:
        user_id = current_user(req).id
        body = req.context.body
        command = CorrectSet(user_id, workout_id, _set_index(set_index), reps=body.get("reps"),
                             weight=_decimal(body.get("weight")), rpe=_decimal(body.get("rpe")), note=body.get("note"),
                             clear=frozenset(name for name in ("rpe", "note") if name in body and body[name] is None))
        outcome = execute(self.services, user_id, command)
        view = outcome.answer
        resp.media = {"set": _logged(view, command.set_index), **_correction_json(view, outcome)}
        shown_in(resp, outcome.unit)

    @operation(summary="Delete a logged set", tag="workouts", responses={200: "CorrectionResult"},
               path_params=SET_PARAMS, errors=CORRECTION_REFUSALS, description=CORRECTION_RULES,
               links=links.WORKOUT_IN_PROGRESS)
    def on_delete(self, req: falcon.Request, resp: falcon.Response, workout_id: str, set_index: str) -> None:
        user_id = current_user(req).id
        outcome = execute(self.services, user_id, DeleteSet(user_id, workout_id, _set_index(set_index)))
        resp.media = {"set": None, **_correction_json(outcome.answer, outcome)}
        shown_in(resp, outcome.unit)


def _set_index(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > MAX_SET_INDEX:
        raise HttpProblem("validation_failed", "path.set_index must be a set_index: an integer from 0.",
                          extensions={"invalid_fields": [{"path": "path.set_index",
                                                          "message": "must be an integer from 0"}]})
    return int(text)


def _correction_json(view: dict, outcome) -> dict:
    return {**workout_json(view), "progressions_applied": correction_progressions_json(outcome)}


class UserWorkoutsResource:
    signed_in_reads = {"/users/{user_id}/workouts/current": lambda reads, token, params: (
        queries.stored.signed_in_current_workout(reads, token, params["user_id"]))}

    def __init__(self, services: Services) -> None:
        self.services = services

    @operation(summary="A user's workouts, newest first", tag="workouts", access=OWNER, responses={200: "WorkoutPage"},
               query={**PAGINATION_QUERY, "status": status_filter(ref("WorkoutStatus"))})
    def on_get(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        page = page_request(req)
        found = queries.list_workouts(self.services.uow(), user_id, status_filter_values(req), page.limit,
                                      page.offset, ctx=self.services)
        resp.media = page_body(found.items, found.total, page)

    @operation(summary="A user's workout in progress (workout: null when none)", tag="workouts", access=OWNER,
               responses={200: "CurrentWorkout"}, errors=("not_enrolled",), links=links.WORKOUT_IN_PROGRESS,
               description="200 with `\"workout\": null` and the state when no workout is in progress; "
                           "409 not_enrolled when there is no enrollment.")
    def on_get_current(self, req: falcon.Request, resp: falcon.Response, user_id: str) -> None:
        with refusals_with_actions(self.services, user_id):
            view, unit = queries.stored.current_workout(self.services, req.context.reads, user_id,
                                                        current_user(req).weight_unit, req.context.found)
        send_answer(resp, "workout", view, unit)


def routes(services: Services) -> list[Route]:
    workout = WorkoutResource(services)
    user_workouts = UserWorkoutsResource(services)
    return [
        Route("/workouts/start", WorkoutStartResource(services)),
        Route("/workouts/{workout_id}", workout),
        Route("/workouts/{workout_id}/sets", workout, suffix="sets"),
        Route("/workouts/{workout_id}/sets/{set_index}", WorkoutSetResource(services)),
        Route("/workouts/{workout_id}/finish", workout, suffix="finish"),
        Route("/workouts/{workout_id}/abandon", workout, suffix="abandon"),
        Route("/users/{user_id}/workouts", user_workouts),
        Route("/users/{user_id}/workouts/current", user_workouts, suffix="current"),
    ]
