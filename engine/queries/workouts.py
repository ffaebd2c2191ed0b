"""Workouts as the user sees them: the prescription with what was logged, and the state block."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import repository
from ..db.models import LoggedSet, UserProgramState, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..errors import NotFound
from ..states import SessionState
from .state import Page, not_enrolled, number, page_of, state_block, workout_set, workout_summary


def workout(ctx, uow: UnitOfWork, user_id: str, workout_id: str) -> dict[str, Any]:
    """``{"workout": ..., "state": ...}``; someone else's workout is reported as missing."""
    with uow:
        row = repository.workout(uow.session, workout_id)
        if row is None or row.user_id != user_id:
            raise NotFound(f"There is no workout {workout_id} of yours.", {"workout_id": workout_id})
        return workout_detail(ctx, uow.session, row)


def current_workout(ctx, uow: UnitOfWork, user_id: str) -> dict[str, Any]:
    """``{"workout": <the IN_PROGRESS workout> or None, "state": ...}``; NotEnrolled without enrollment."""
    with uow:
        enrollment_row = repository.live_enrollment(uow.session, user_id)
        if enrollment_row is None:
            raise not_enrolled(user_id)
        row = repository.in_progress_session(uow.session, enrollment_row.id)
        if row is None:
            return {"workout": None, "state": state_block(ctx, uow.session, enrollment_row, None)}
        return workout_detail(ctx, uow.session, row, enrollment_row)


def workout_detail(ctx, session: Session, row: WorkoutSession,
                   enrollment_row: UserProgramState | None = None) -> dict[str, Any]:
    enrollment_row = enrollment_row or repository.enrollment(session, row.user_program_state_id)
    logged = {s.set_index: s for s in repository.sets_of_workout(session, row.id)}
    in_progress = (row if row.status == SessionState.IN_PROGRESS
                   else repository.in_progress_session(session, enrollment_row.id))
    sets = []
    for prescribed in row.prescription or []:
        done = logged.get(prescribed.set_index)
        sets.append(workout_set(ctx, prescribed, None if done is None else logged_set(done)))
    return {
        "workout": {**workout_summary(ctx, session, row), "sets": sets},
        "state": state_block(ctx, session, enrollment_row, in_progress),
    }


def list_workouts(uow: UnitOfWork, user_id: str, statuses: frozenset[str] | None, limit: int, offset: int,
                  ctx=None) -> Page:
    """The user's workouts, newest first, optionally of some statuses only (names need ``ctx``)."""
    query = select(WorkoutSession).where(WorkoutSession.user_id == user_id)
    if statuses:
        query = query.where(WorkoutSession.status.in_(sorted(statuses)))
    with uow:
        rows, total = page_of(uow.session, query, (WorkoutSession.started_at.desc(), WorkoutSession.id), limit, offset)
        return Page([workout_summary(ctx, uow.session, r) for r in rows], total)


def logged_set(row: LoggedSet) -> dict[str, Any]:
    return {
        "id": row.id,
        "set_index": row.set_index,
        "lift": row.lift_slug,
        "weight": number(row.weight),
        "unit": row.unit,
        "reps": row.reps,
        "target_reps": row.target_reps,
        "rpe": number(row.rpe),
        "logged_at": row.logged_at,
        "note": row.note,
        "corrected_at": row.corrected_at,
    }
