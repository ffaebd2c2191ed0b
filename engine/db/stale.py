"""Which stored answers a row change makes stale, marked on every flush of a unit of work.

A unit of work puts its ``Stale`` sets in ``session.info[STALE]``; before each flush, every new,
changed or deleted row of the tables below marks the enrollment, the workout or the user whose
stored answer it feeds (``engine/handlers/stored_state.py`` writes them again before the
commit). A command that changes rows without the ORM (a Core ``update``) calls
``UnitOfWork.mark_stale`` itself. A new table that feeds an answer gets a line in ``MARKERS``.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from .models import LoggedSet, ProgressionState, User, UserProgramState, WorkoutSession

STALE = "powerpro_stale"
# The columns an answer is stored in (and the unit it is shown in), on the enrollment and workout rows.
ANSWER_COLUMNS = frozenset({"answer", "answer_unit"})


def _enrollment(row: UserProgramState, stale: Any) -> None:
    stale.enrollments.add(row.id)


def _workout(row: WorkoutSession, stale: Any) -> None:
    stale.workouts.add(row.id)
    # The enrollment's answer shows the workout in progress (its status, times); its prescription
    # alone (re-prescribed after a set) is the workout's answer only.
    state = inspect(row)
    if state.pending or state.deleted or any(
        state.attrs[name].history.has_changes() for name in ("status", "started_at", "finished_at", "note")
    ):
        stale.enrollments.add(row.user_program_state_id)


def _slot(row: ProgressionState, stale: Any) -> None:
    stale.enrollments.add(row.user_program_state_id)  # the slots and the next workout's weights


def _logged_set(row: LoggedSet, stale: Any) -> None:
    stale.workouts.add(row.session_id)


def _user(row: User, stale: Any) -> None:
    state = inspect(row)
    if not state.pending and any(state.attrs[name].history.has_changes() for name in ("weight_unit", "equipment")):
        stale.users.add(row.id)  # every weight of their answers is in their unit, loaded with their plates


MARKERS: dict[type, Callable[[Any, Any], None]] = {
    UserProgramState: _enrollment,
    WorkoutSession: _workout,
    ProgressionState: _slot,
    LoggedSet: _logged_set,
    User: _user,
}


def mark_changes(session: Session) -> None:
    """Mark what the session's new, changed and deleted rows make stale (its flush does it too)."""
    stale = session.info.get(STALE)
    if stale is None:
        return
    for row in chain(session.new, session.dirty, session.deleted):
        marker = MARKERS.get(type(row))
        if marker is not None and not _only_its_answer_changed(row):
            marker(row, stale)


def _only_its_answer_changed(row: Any) -> bool:
    # Storing an answer changes the row it is stored on: that makes nothing stale.
    state = inspect(row)
    if state.pending or state.deleted:
        return False
    return not any(attr.history.has_changes() for attr in state.attrs if attr.key not in ANSWER_COLUMNS)


@event.listens_for(Session, "before_flush")
def _mark(session: Session, _flush_context, _instances) -> None:
    mark_changes(session)
