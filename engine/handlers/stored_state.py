"""The answers of the read endpoints are state: written when what they show changes, read back
as stored (``engine/queries/stored.py``), never computed on a read.

``store_answers`` runs in every unit of work the services open, after the bus has handled every
event and before the commit (``UnitOfWork(before_commit=...)``; ``engine.service.handle``
calls it earlier, to answer from what it stored). It writes again the answer of whatever the
unit of work marked stale (``uow.stale``: every ORM row change marks itself, see
``engine/db/stale.py``; ``uow.mark_stale`` for the rest):

- an enrollment: ``user_program_states.answer``, the body of ``GET /users/{id}/enrollment``
  (its slots, its next workout prescribed in the user's unit, the state block);
- a workout: ``workout_sessions.answer``, the workout of ``GET /workouts/{id}`` (its sets with
  what was logged);
- a user: the answers of all their live enrollments and of the workouts in progress there (their
  weights are in the user's unit).

Each answer is stored with every weight already in its owner's unit (``answer_unit`` says which),
so a read by the owner sends it as stored, without the conversion walk of ``api/display_units.py``.
The command's response reuses them (``uow.answers``), so it is in the owner's unit too
(``Outcome.unit``), and the API converts it only for a reader of another unit (an admin).

A new command gets fresh answers for free: the rows it changes through the ORM mark themselves.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..context import Context
from ..db import repository
from ..db.models import User, UserProgramState, WorkoutSession
from ..db.repository import LIVE
from ..db.stale import mark_changes
from ..db.unit_of_work import UnitOfWork
from ..queries.display import in_unit
from ..queries.rendering import enrollment_json, plain, workout_json
from ..queries.state import enrollment_view
from ..queries.workouts import workout_view

ENROLLMENT = "enrollment"
WORKOUT = "workout"


def store_answers(uow: UnitOfWork, ctx: Context) -> None:
    """Render and store the answer of every enrollment and workout the unit of work made stale."""
    session = uow.session
    # Not a flush: a change still pending is written with its row's answer, in one UPDATE.
    mark_changes(session)
    stale = uow.stale
    if not stale:
        return
    live = _live_enrollments(session, stale.users)
    enrollments = set(stale.enrollments) | live
    workouts = set(stale.workouts) | _in_progress(session, live)
    for enrollment_id in sorted(enrollments):  # sorted: rows are always written in one order
        row = session.get(UserProgramState, enrollment_id)
        if row is not None:
            _store(uow, ENROLLMENT, row, enrollment_json(enrollment_view(ctx, session, row)))
    for workout_id in sorted(workouts):
        row = session.get(WorkoutSession, workout_id)
        if row is not None:
            _store(uow, WORKOUT, row, workout_json(workout_view(ctx, session, row)))
    session.flush()  # each row's pending change and its answer, in one UPDATE
    # What this flush (or a query's autoflush while rendering) marked is what was just stored.
    stale.clear()


def _live_enrollments(session: Session, user_ids: set[str]) -> set[str]:
    if not user_ids:
        return set()
    # Locked as a command locks them (decision 0004), so that the answer is rendered from what a
    # concurrent command on the enrollment committed, not overwritten with what it found before.
    query = select(UserProgramState.id).where(UserProgramState.user_id.in_(sorted(user_ids)), LIVE)
    return set(session.scalars(query.order_by(UserProgramState.id).with_for_update(key_share=True)))


def _in_progress(session: Session, enrollment_ids: set[str]) -> set[str]:
    # A unit change: the workouts in progress are read hot (GET workouts/current) in the new unit.
    found = (repository.in_progress_session(session, e) for e in sorted(enrollment_ids))
    return {row.id for row in found if row is not None}


def _store(uow: UnitOfWork, kind: str, row: UserProgramState | WorkoutSession, answer: dict[str, Any]) -> None:
    # Set on the row the command changed: one UPDATE writes its new state and its answer. The
    # change marks nothing stale (engine/db/stale.py), and the deferred columns are never loaded.
    # The lifter's row is in hand: every command that stores an answer read it with its state.
    unit = uow.session.get(User, row.user_id).weight_unit
    shown = plain(in_unit(answer, unit))
    row.answer, row.answer_unit = shown, unit
    uow.answers[(kind, row.id)] = shown
