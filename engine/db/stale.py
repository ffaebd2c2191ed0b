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
from sqlalchemy.orm import InstanceState, Session

from .models import LoggedSet, ProgressionState, User, UserProgramState, WorkoutSession

STALE = "powerpro_stale"
# The columns an answer is stored in (and the unit it is shown in), on the enrollment and workout
# rows, and the lifter's record bests kept on a workout, which no answer shows: their change makes
# nothing stale.
ANSWER_COLUMNS = frozenset({"answer", "answer_unit", "record_bests"})


def _enrollment(row: UserProgramState, stale: Any) -> None:
    stale.enrollments.add(row.id)


# A workout's columns its enrollment's answer shows (the workout in progress: its status, times).
SUMMARY_COLUMNS = ("status", "started_at", "finished_at", "note")
# The columns whose change the workout's stored answer is patched for rather than rendered whole:
# the summary, the prescription (the sets whose prescription changed), the transition count.
PATCHED_COLUMNS = frozenset({*SUMMARY_COLUMNS, "prescription", "session_seq", *ANSWER_COLUMNS})


def _workout(row: WorkoutSession, stale: Any) -> None:
    stale.workouts.add(row.id)
    state = inspect(row)
    if state.pending or state.deleted:
        stale.enrollments.add(row.user_program_state_id)
        stale.whole.add(row.id)
        return
    columns = changed(state)
    # Its prescription alone (re-prescribed after a set) is the workout's answer only.
    if columns.intersection(SUMMARY_COLUMNS):
        stale.enrollments.add(row.user_program_state_id)
    if not columns <= PATCHED_COLUMNS:
        stale.whole.add(row.id)
    elif "prescription" in columns:
        before = state.attrs["prescription"].history.deleted
        if before and before[0] is not None:
            stale.prescriptions_before.setdefault(row.id, before[0])  # the first: what the answer shows
        else:
            stale.whole.add(row.id)


def _slot(row: ProgressionState, stale: Any) -> None:
    stale.enrollments.add(row.user_program_state_id)  # the slots and the next workout's weights


def _logged_set(row: LoggedSet, stale: Any) -> None:
    stale.workouts.add(row.session_id)
    state = inspect(row)
    if (state.pending or state.transient) and row.set_index is not None:
        stale.logged_indexes.setdefault(row.session_id, set()).add(row.set_index)  # a set logged
    else:
        stale.whole.add(row.session_id)  # corrected or deleted


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


def mark_inserted(session: Session, row: Any) -> None:
    """Mark what a row inserted without the ORM makes stale (``repository.insert_set``)."""
    stale = session.info.get(STALE)
    if stale is not None:
        MARKERS[type(row)](row, stale)


def mark_changes(session: Session) -> None:
    """Mark what the session's new, changed and deleted rows make stale (its flush does it too)."""
    stale = session.info.get(STALE)
    if stale is None:
        return
    for row in chain(session.new, session.dirty):
        marker = MARKERS.get(type(row))
        if marker is not None and not _only_its_answer_changed(row):
            marker(row, stale)
    # Deleted before the flush: its state is not "deleted" yet, and no attribute of it changed.
    for row in session.deleted:
        marker = MARKERS.get(type(row))
        if marker is not None:
            marker(row, stale)
            if isinstance(row, WorkoutSession):
                stale.whole.add(row.id)


def flush_unmarked(session: Session) -> None:
    """Flush without marking: the answers just stored and the rows they were rendered from, whose
    marks ``store_answers`` clears right after (each row was marked before it rendered them)."""
    stale = session.info.pop(STALE, None)
    try:
        session.flush()
    finally:
        if stale is not None:
            session.info[STALE] = stale


def _only_its_answer_changed(row: Any) -> bool:
    # Storing an answer changes the row it is stored on: that makes nothing stale.
    state = inspect(row)
    if state.pending or state.deleted:
        return False
    return changed(state) <= ANSWER_COLUMNS


def changed(state: InstanceState) -> set[str]:
    """The attributes of a loaded row that hold another value than the one loaded. Only those set
    since it was loaded can (the others are ``unmodified``): their history is asked whether the
    value differs, and no other's (a flush asks for every row's, a dozen columns each)."""
    attrs = state.attrs
    return {key for key in set(attrs.keys()).difference(state.unmodified) if attrs[key].history.has_changes()}


@event.listens_for(Session, "before_flush")
def _mark(session: Session, _flush_context, _instances) -> None:
    mark_changes(session)
