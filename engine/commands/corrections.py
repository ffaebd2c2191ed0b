"""Corrections: fix a typo in a logged set (PATCH) or delete a set logged by mistake (DELETE).

Allowed on the workout in progress, and on the enrollment's most recent COMPLETED workout
while nothing has happened since: no later workout was started, and the enrollment did not
move on by a user's action (a week advanced, a new cycle). Every progression the workout
produced is then re-derived from its sets as corrected (``engine.handlers.amendments``), and
the correction is logged in the transition log (machine ``set``: who, when, the set before and
after, the progressions reverted and applied again), all in one unit of work. Anything else is
refused with ``correction_window_closed`` and its reason.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ..context import Context
from ..db import repository
from ..db.models import LoggedSet, UserProgramState, WorkoutSession, new_id, utcnow
from ..db.unit_of_work import UnitOfWork
from ..errors import CorrectionWindowClosed, NotFound, SetNotLogged
from ..handlers.amendments import SET_MACHINE, Amendment, foreign_transitions, rederive
from ..machines import Fired
from ..states import SessionState, SetState
from ..transitions import record
from . import CorrectSet, DeleteSet
from .notes import MAX_NOTE, check_note

__all__ = ["MAX_NOTE", "correct_set", "delete_set"]
CORRECTABLE = ("reps", "weight", "rpe", "note")


def correct_set(cmd: CorrectSet, uow: UnitOfWork, ctx: Context) -> str:
    check_note(cmd.note)
    enrollment, workout, logged = _correctable(uow, cmd.user_id, cmd.workout_id, cmd.set_index)
    before = _values(logged)
    for name in CORRECTABLE:
        value = None if name in cmd.clear else getattr(cmd, name)
        if value is not None or name in cmd.clear:
            setattr(logged, name, value)
    now = utcnow()
    logged.corrected_at = now
    _amend(uow, ctx, enrollment, workout, now, "correct_set", SetState.LOGGED, logged.id,
           {"set_index": cmd.set_index, "before": before, "after": _values(logged)})
    return logged.id


def delete_set(cmd: DeleteSet, uow: UnitOfWork, ctx: Context) -> str:
    enrollment, workout, logged = _correctable(uow, cmd.user_id, cmd.workout_id, cmd.set_index)
    before, set_id = _values(logged), logged.id
    repository.remove_set(uow.session, logged)
    _amend(uow, ctx, enrollment, workout, utcnow(), "delete_set", SetState.PENDING, set_id,
           {"set_index": cmd.set_index, "before": before, "after": None})
    return workout.id


def _amend(uow: UnitOfWork, ctx: Context, enrollment: UserProgramState, workout: WorkoutSession, now: datetime,
           trigger: str, to_state: str, set_id: str, change: dict[str, Any]) -> None:
    """Re-derive the workout's progressions, then log the correction as an amendment."""
    amendment = Amendment(new_id(), now)
    rederive(uow, ctx, enrollment, workout, amendment)
    seq = repository.next_seq(uow.session, SET_MACHINE, set_id)
    record(uow, Fired(SET_MACHINE, trigger, SetState.LOGGED, to_state, None, seq), entity_id=set_id,
           user_id=workout.user_id, enrollment_id=enrollment.id,
           payload={"workout_id": workout.id, "workout_status": workout.status, "amendment_id": amendment.id,
                    **change,
                    "progressions_reverted": [c.idempotency_key for c in uow.progressions_reverted],
                    "progressions_applied": [c.idempotency_key for c in uow.progressions_applied]})


def _values(row: LoggedSet) -> dict[str, Any]:
    """A set's correctable values as JSON (the transition log's payload)."""
    return {name: str(v) if isinstance(v := getattr(row, name), Decimal) else v for name in CORRECTABLE}


def _correctable(uow: UnitOfWork, user_id: str, workout_id: str,
                 set_index: int) -> tuple[UserProgramState, WorkoutSession, LoggedSet]:
    """The enrollment, the workout and its set (the last logged under ``set_index``), locked in
    the one lock order, once the correction window is known to be open."""
    session = uow.session
    found = repository.workout_for_command(session, workout_id)
    if found is None or found[0].user_id != user_id:
        raise NotFound(f"There is no workout {workout_id} of yours.")
    enrollment, workout = found
    _require_window_open(uow, enrollment, workout)
    logged = [s for s in repository.sets_of_workout(session, workout.id) if s.set_index == set_index]
    if not logged:
        raise SetNotLogged(f"Set {set_index} of this workout is not logged: nothing to correct.",
                           {"set_index": set_index})
    return enrollment, workout, max(logged, key=lambda s: s.logged_at)


def _require_window_open(uow: UnitOfWork, enrollment: UserProgramState, workout: WorkoutSession) -> None:
    session = uow.session
    if workout.status not in (SessionState.IN_PROGRESS, SessionState.COMPLETED):
        _closed("abandoned", "An abandoned workout counts for no progression: its sets cannot be corrected.")
    if workout.status == SessionState.COMPLETED and repository.later_workout_exists(session, workout):
        _closed("later_workout", "A later workout was started since this one: only the workout in progress, "
                                 "or the last completed one before anything else happens, can be corrected.")
    if foreign_transitions(session, enrollment, workout):
        _closed("enrollment_moved_on", "The enrollment moved on since this workout (a week advanced, a new "
                                       "cycle, or you quit): its progressions are settled.")
    if repository.untied_progressions_since(session, workout.user_id, enrollment.id, workout.started_at):
        _closed("recorded_before_corrections", "This workout's progressions were recorded before corrections "
                                               "existed: they cannot be re-derived.")


def _closed(reason: str, detail: str) -> None:
    raise CorrectionWindowClosed(detail, {"reason": reason})
