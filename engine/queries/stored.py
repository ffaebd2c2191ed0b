"""The read endpoints' answers, read back as stored: one statement each, nothing prescribed.

``engine/handlers/stored_state.py`` writes them whenever what they show changes. Each function
here runs one SELECT in the caller's read transaction (``Services.reads()``, shared with the
authentication), so a GET costs two statements in one transaction. A row from before the
answers were stored (NULL) is rendered from its rows instead, until its next change stores it.

They return the JSON values the API sends (``engine/queries/rendering.py``): ``{"enrollment",
"state"}`` and ``{"workout", "state"}``; the state block's ``allowed_actions`` are
``[machine, trigger]`` pairs, which the API turns into routes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, bindparam, select

from ..db.models import UserProgramState, WorkoutSession
from ..db.repository import LIVE
from ..errors import NotFound
from ..states import EnrollmentState, SessionState
from .rendering import enrollment_json, workout_json
from .state import enrollment_view, not_enrolled
from .workouts import workout_view

_enrollments = UserProgramState.__table__
_workouts = WorkoutSession.__table__


# Built once (each is one statement of a hot read; their compiled forms are cached with them).
_LIVE_ANSWER = select(_enrollments.c.id, _enrollments.c.answer).where(
    _enrollments.c.user_id == bindparam("user_id"), LIVE)
# The user's latest enrollment (off the hot path: only when there is no live one).
_LATEST = (select(_enrollments.c.id, _enrollments.c.enrollment_status)
           .where(_enrollments.c.user_id == bindparam("user_id"))
           .order_by(_enrollments.c.enrolled_at.desc()).limit(1))
_CURRENT = (
    select(_enrollments.c.id, _enrollments.c.answer, _workouts.c.id.label("workout_id"),
           _workouts.c.answer.label("workout"))
    .select_from(_enrollments.outerjoin(_workouts, and_(
        _workouts.c.user_program_state_id == _enrollments.c.id, _workouts.c.status == SessionState.IN_PROGRESS)))
    .where(_enrollments.c.user_id == bindparam("user_id"), LIVE)
)
_WORKOUT = (
    select(_workouts.c.user_id, _workouts.c.answer.label("workout"), _enrollments.c.id, _enrollments.c.answer)
    .select_from(_workouts.join(_enrollments, _enrollments.c.id == _workouts.c.user_program_state_id))
    .where(_workouts.c.id == bindparam("workout_id"))
)


def enrollment(ctx, reads, user_id: str) -> dict[str, Any]:
    """``GET /users/{id}/enrollment``: the live enrollment's answer; without one, the program
    the user completed last (COMPLETED: enroll again), else NotEnrolled."""
    with reads:
        found = reads.execute(_LIVE_ANSWER, {"user_id": user_id}).one_or_none()
        if found is None:
            last = reads.execute(_LATEST, {"user_id": user_id}).one_or_none()
            if last is None or last.enrollment_status != EnrollmentState.COMPLETED:
                raise not_enrolled(user_id)
            return enrollment_json(enrollment_view(ctx, reads.session, reads.session.get(UserProgramState, last.id)))
        if found.answer is not None:
            return found.answer
        return enrollment_json(enrollment_view(ctx, reads.session, reads.session.get(UserProgramState, found.id)))


def current_workout(ctx, reads, user_id: str) -> dict[str, Any]:
    """``GET /users/{id}/workouts/current``: the workout in progress (or None) and the state."""
    with reads:
        found = reads.execute(_CURRENT, {"user_id": user_id}).one_or_none()
        if found is None:
            raise not_enrolled(user_id)
        enrollment_answer = found.answer or _enrollment_answer(ctx, reads, found.id)
        workout = found.workout
        if workout is None and found.workout_id is not None:
            workout = _workout_answer(ctx, reads, found.workout_id)
        return {"workout": workout, "state": enrollment_answer["state"]}


def workout(ctx, reads, user_id: str, workout_id: str) -> dict[str, Any]:
    """``GET /workouts/{id}``: one of the user's workouts and the state; someone else's is missing."""
    with reads:
        found = reads.execute(_WORKOUT, {"workout_id": workout_id}).one_or_none()
        if found is None or found.user_id != user_id:
            raise NotFound(f"There is no workout {workout_id} of yours.", {"workout_id": workout_id})
        enrollment_answer = found.answer or _enrollment_answer(ctx, reads, found.id)
        return {"workout": found.workout or _workout_answer(ctx, reads, workout_id),
                "state": enrollment_answer["state"]}


# -- rows stored before migration 00032: rendered from their rows, as every read once was -------
def _enrollment_answer(ctx, reads, enrollment_id: str) -> dict[str, Any]:
    row = reads.session.get(UserProgramState, enrollment_id)
    return enrollment_json(enrollment_view(ctx, reads.session, row))


def _workout_answer(ctx, reads, workout_id: str) -> dict[str, Any]:
    return workout_json(workout_view(ctx, reads.session, reads.session.get(WorkoutSession, workout_id)))

