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

A workout's answer is patched rather than rendered whole when the unit of work saw every way it
changed (``Stale.whole`` is empty for it: ``engine/db/stale.py``) and holds its stored answer
(loaded with the workout by ``repository.workout_for_command``), in the owner's unit: only the
sets logged and the sets whose prescription changed are rendered again, and the summary (status,
times, note). A log-set renders one set instead of the workout's every set.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..context import Context
from ..db import repository
from ..db.models import User, UserProgramState, WorkoutSession
from ..db.repository import LIVE
from ..db.stale import flush_unmarked, mark_changes
from ..db.types import set_index_at
from ..db.unit_of_work import Stale, UnitOfWork
from ..json_codec import dumps
from ..queries.display import as_stored, stored_enrollment, stored_workout, stored_workout_set
from ..queries.state import enrollment_view, workout_set, workout_summary
from ..queries.workout_text import StoredWorkout, keep, patched
from ..queries.workouts import logged_set, workout_view

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
            unit = _unit(session, row)
            shown = stored_enrollment(enrollment_view(ctx, session, row), unit)
            _store(uow, ENROLLMENT, row, shown, unit, shown)
    for workout_id in sorted(workouts):
        row = session.get(WorkoutSession, workout_id)
        if row is not None:
            unit = _unit(session, row)
            found = _patched_workout(ctx, session, row, unit, stale) if workout_id in stale.workouts else None
            if found is None:
                shown = stored_workout(workout_view(ctx, session, row), unit)
                found = keep(row.id, dumps(shown), shown)
            text, shown = found
            _store(uow, WORKOUT, row, shown, unit, text)
    # Each row's pending change and its answer, in one UPDATE (marking nothing: see flush_unmarked).
    if not repository.write_changes(session):
        flush_unmarked(session)
    # What a query's autoflush marked while rendering is what was just stored.
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


def _patched_workout(ctx: Context, session: Session, row: WorkoutSession, unit: str,
                     stale: Stale) -> tuple[str, dict[str, Any]] | None:
    """The workout's stored answer (its text, and its JSON values) with what changed rendered
    again, or None: render it whole. Spliced (``engine/queries/workout_text.py``): the sets not
    rendered again keep their text, a set only logged its prescribed part, and nothing encodes
    the whole answer."""
    state = inspect(row)
    if row.id in stale.whole or state.unloaded.intersection(("answer", "answer_unit")):
        return None  # changed in other ways, or its answer was not loaded (a read it does not need)
    stored, prescription = row.answer, row.prescription or []
    if stored is None or row.answer_unit != unit:
        return None
    cut = StoredWorkout.of(stored, len(prescription))
    before = stale.prescriptions_before.get(row.id, prescription)
    if cut is None or len(before) != len(prescription):
        return None
    logged_indexes = stale.logged_indexes.get(row.id, set())
    if before is prescription:  # prescribed as it was: only the sets logged (none decoded to find them)
        again = [p for p in range(len(prescription)) if set_index_at(prescription, p) in logged_indexes]
    else:
        again = [position for position, (old, new) in enumerate(zip(before, prescription, strict=True))
                 if old != new or new.set_index in logged_indexes]
    rendered, logged_only = {}, {}
    if again:
        # As workout_view shows them: the last set logged at an index (open-ended sets repeat),
        # which for an index this unit of work logged is the set it logged: the workout's other
        # sets are read only for a set re-prescribed.
        logged = repository.sets_inserted(session, row.id)
        if any(prescription[position].set_index not in logged for position in again):
            logged = {s.set_index: s for s in repository.sets_of_workout(session, row.id)}
        for position in again:
            prescribed = prescription[position]
            done = logged.get(prescribed.set_index)
            shown = None if done is None else logged_set(done, amrap=prescribed.is_amrap)
            if before is prescription or before[position] == prescribed:
                logged_only[position] = as_stored(shown, unit)  # as shown within its set (display.py)
            else:
                rendered[position] = stored_workout_set(workout_set(ctx, prescribed, shown), unit)
    summary = as_stored(workout_summary(ctx, session, row), unit)
    text = cut.patched(summary, rendered, logged_only)
    return None if text is None else patched(row.id, stored, text, summary, rendered, logged_only)


def stored_set_logged(row: WorkoutSession, set_index: int) -> bool | None:
    """Whether the workout's stored answer shows the set at ``set_index`` logged; None when it
    cannot say (not loaded, none stored, or not in step with the prescription). Read
    by a command that locked the row and changed nothing yet: the answer is as committed."""
    if "answer" in inspect(row).unloaded or row.answer is None:
        return None
    prescription = row.prescription or ()
    cut = StoredWorkout.of(row.answer, len(prescription))
    if cut is None or not 0 <= set_index < len(prescription):
        return None
    entry = cut.set_json(set_index)  # that set only
    if entry.get("set_index") != set_index or set_index_at(prescription, set_index) != set_index:
        return None
    return entry.get("logged") is not None


def _unit(session: Session, row: UserProgramState | WorkoutSession) -> str:
    # The lifter's row is in hand: every command that stores an answer read it with its state.
    return session.get(User, row.user_id).weight_unit


def _store(uow: UnitOfWork, kind: str, row: UserProgramState | WorkoutSession, shown: dict[str, Any],
           unit: str, stored: dict[str, Any] | str) -> None:
    # A row changed in nothing else (a set logged) gets its answer by one Core UPDATE, without
    # the ORM's flush; else it is set on the row the command changed: one UPDATE writes its new
    # state and its answer. Neither marks anything stale (engine/db/stale.py). ``stored`` is what
    # the column takes: a workout's answer is its JSON text (JSONText), an enrollment's the dict.
    if not repository.write_answer(uow.session, row, stored, unit):
        row.answer, row.answer_unit = stored, unit
    uow.answers[(kind, row.id)] = shown
