"""Workouts as the user sees them: the prescription with what was logged, and the state block
(rendered when stored: engine/handlers/stored_state.py; read back by engine/queries/stored.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import repository
from ..db.models import LoggedSet, UserProgramState, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..programs.estimates import load_estimates
from ..states import SessionState
from .records import shown as shown_weight
from .state import Page, number, page_of, state_block, workout_set, workout_summary


def workout_view(ctx, session: Session, row: WorkoutSession) -> dict[str, Any]:
    """The workout: its summary and every prescribed set with what was logged for it."""
    logged = {s.set_index: s for s in repository.sets_of_workout(session, row.id)}
    sets = []
    for prescribed in row.prescription or []:
        done = logged.get(prescribed.set_index)
        shown = None if done is None else logged_set(done, amrap=prescribed.is_amrap)
        sets.append(workout_set(ctx, prescribed, shown))
    return {**workout_summary(ctx, session, row), "sets": sets}


def workout_state(ctx, session: Session, row: WorkoutSession, enrollment_row: UserProgramState) -> dict[str, Any]:
    """The state block of the workout's enrollment (with the workout in progress, this one or another)."""
    in_progress = (row if row.status == SessionState.IN_PROGRESS
                   else repository.in_progress_session(session, enrollment_row.id))
    return state_block(ctx, session, enrollment_row, in_progress)


def list_workouts(uow: UnitOfWork, user_id: str, statuses: frozenset[str] | None, limit: int, offset: int,
                  ctx=None) -> Page:
    """The user's workouts, newest first, optionally of some statuses only (names need ``ctx``)."""
    query = select(WorkoutSession).where(WorkoutSession.user_id == user_id)
    if statuses:
        query = query.where(WorkoutSession.status.in_(sorted(statuses)))
    with uow:
        rows, total = page_of(uow.session, query, (WorkoutSession.started_at.desc(), WorkoutSession.id), limit, offset)
        return Page([workout_summary(ctx, uow.session, r) for r in rows], total)


def logged_set(row: LoggedSet, *, amrap: bool = False) -> dict[str, Any]:
    """The set as logged; an AMRAP set also shows its estimated 1RM (specs/estimates.yaml), the
    figure the 5/3/1 family's lifters track from one cycle to the next."""
    found = {
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
    if amrap:
        estimate = load_estimates().e1rm(row.weight, row.reps, row.rpe)
        found["e1rm"] = None if estimate is None else shown_weight(estimate)
    return found
