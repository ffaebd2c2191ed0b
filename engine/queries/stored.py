"""The read endpoints' answers, read back as stored: one statement each, nothing prescribed.

``engine/handlers/stored_state.py`` writes them whenever what they show changes. Each function
here runs one SELECT in the caller's read transaction (``Services.reads()``, shared with the
authentication), so a GET costs two statements in one transaction. A row from before the
answers were stored (NULL) is rendered from its rows instead, until its next change stores it.

They return the JSON values the API sends (``engine/queries/rendering.py``): ``{"enrollment",
"state"}`` and ``{"workout", "state"}``; the state block's ``allowed_actions`` are
``[machine, trigger]`` pairs, which the API turns into routes. Each comes with the unit its
weights are in: an answer is stored in its owner's unit (``answer_unit``), and sent as stored to
a reader of that ``unit``; for another reader (an admin) it is rendered from its rows, weights as
entered (None), which the API converts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, select

from ..db.models import UserProgramState, WorkoutSession
from ..db.repository import LIVE
from ..errors import NotFound
from ..states import SessionState
from .rendering import enrollment_json, workout_json
from .state import enrollment_view, not_enrolled
from .workouts import workout_view

_enrollments = UserProgramState.__table__
_workouts = WorkoutSession.__table__


# Built once (each is one statement of a hot read; their compiled forms are cached with them).
_LIVE_ANSWER = select(_enrollments.c.id, _enrollments.c.answer, _enrollments.c.answer_unit).where(
    _enrollments.c.user_id == bindparam("user_id"), LIVE)
_CURRENT = (
    select(_enrollments.c.id, _enrollments.c.answer, _enrollments.c.answer_unit,
           _workouts.c.id.label("workout_id"), _workouts.c.answer.label("workout"),
           _workouts.c.answer_unit.label("workout_unit"))
    .select_from(_enrollments.outerjoin(_workouts, and_(
        _workouts.c.user_program_state_id == _enrollments.c.id, _workouts.c.status == SessionState.IN_PROGRESS)))
    .where(_enrollments.c.user_id == bindparam("user_id"), LIVE)
)
_WORKOUT = (
    select(_workouts.c.user_id, _workouts.c.answer.label("workout"), _workouts.c.answer_unit.label("workout_unit"),
           _enrollments.c.id, _enrollments.c.answer, _enrollments.c.answer_unit)
    .select_from(_workouts.join(_enrollments, _enrollments.c.id == _workouts.c.user_program_state_id))
    .where(_workouts.c.id == bindparam("workout_id"))
)


Shown = tuple[dict[str, Any], str | None]  # an answer, and the unit of its weights (None: as entered)


def enrollment(ctx, reads, user_id: str, unit: str) -> Shown:
    """``GET /users/{id}/enrollment``: the live enrollment's answer; NotEnrolled without one."""
    with reads:
        found = reads.execute(_LIVE_ANSWER, {"user_id": user_id}).one_or_none()
        if found is None:
            raise not_enrolled(user_id)
        if found.answer is not None and found.answer_unit == unit:
            return found.answer, unit
        return _enrollment_answer(ctx, reads, found.id), None


def current_workout(ctx, reads, user_id: str, unit: str) -> Shown:
    """``GET /users/{id}/workouts/current``: the workout in progress (or None) and the state."""
    with reads:
        found = reads.execute(_CURRENT, {"user_id": user_id}).one_or_none()
        if found is None:
            raise not_enrolled(user_id)
        state = _state(ctx, reads, found)
        if found.workout_id is None:
            return {"workout": None, "state": state}, unit
        return _with_workout(ctx, reads, found, found.workout_id, state, unit)


def workout(ctx, reads, user_id: str, workout_id: str, unit: str) -> Shown:
    """``GET /workouts/{id}``: one of the user's workouts and the state; someone else's is missing."""
    with reads:
        found = reads.execute(_WORKOUT, {"workout_id": workout_id}).one_or_none()
        if found is None or found.user_id != user_id:
            raise NotFound(f"There is no workout {workout_id} of yours.", {"workout_id": workout_id})
        return _with_workout(ctx, reads, found, workout_id, _state(ctx, reads, found), unit)


def _state(ctx, reads, found) -> dict[str, Any]:
    # The state block holds no weight: the enrollment's stored answer gives it in any unit.
    return (found.answer or _enrollment_answer(ctx, reads, found.id))["state"]


def _with_workout(ctx, reads, found, workout_id: str, state: dict[str, Any], unit: str) -> Shown:
    if found.workout is not None and found.workout_unit == unit:
        return {"workout": found.workout, "state": state}, unit
    return {"workout": _workout_answer(ctx, reads, workout_id), "state": state}, None


# -- rows stored before migration 00032, and readers of another unit: rendered from their rows ----
def _enrollment_answer(ctx, reads, enrollment_id: str) -> dict[str, Any]:
    row = reads.session.get(UserProgramState, enrollment_id)
    return enrollment_json(enrollment_view(ctx, reads.session, row))


def _workout_answer(ctx, reads, workout_id: str) -> dict[str, Any]:
    return workout_json(workout_view(ctx, reads.session, reads.session.get(WorkoutSession, workout_id)))

