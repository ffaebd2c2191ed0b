"""History: the progression log and the transition log of a user, newest first, a page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..db import repository
from ..db.models import LoggedSet, ProgressionLog, ProgressionState, TransitionLogEntry, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..programs.estimates import load_estimates
from ..programs.state import UNIT_KEY
from .records import shown
from .state import Page, number, page_of


def day_after(day: date) -> datetime:
    """Midnight after ``day`` (the last day there is: its last instant, not an overflow)."""
    return datetime.max if day == date.max else datetime.combine(day + timedelta(days=1), time.min)


def on_days(column: Any, since: date | None, until: date | None) -> list:
    """The conditions that keep ``column`` (a UTC timestamp) from ``since`` to ``until``, both
    days included; none for an open end."""
    found = []
    if since is not None:
        found.append(column >= datetime.combine(since, time.min))
    if until is not None:
        found.append(column < day_after(until))
    return found


@dataclass(frozen=True)
class SlotFilter:
    """Which progression-log entries: of one lift, one slot, applied from ``since`` to ``until``
    (UTC days, both included), only those in force (not reverted by a correction)."""

    lift: str | None = None
    slot: str | None = None
    since: date | None = None
    until: date | None = None
    in_force: bool = False

    def where(self) -> list:
        found = []
        if self.lift is not None:
            found.append(ProgressionLog.lift_slug == self.lift)
        if self.slot is not None:
            found.append(ProgressionLog.slot == self.slot)
        found += on_days(ProgressionLog.applied_at, self.since, self.until)
        if self.in_force:
            found.append(ProgressionLog.reverted_by.is_(None))
        return found


def progression_logs(uow: UnitOfWork, user_id: str, limit: int, offset: int, where: SlotFilter | None = None) -> Page:
    """The progression log, newest first: with ``where.in_force``, every value a slot (a training
    max, a work weight) took, when, by which rule, and the workout that changed it."""
    query = select(ProgressionLog).where(ProgressionLog.user_id == user_id, *(where or SlotFilter()).where())
    with uow:
        session = uow.session
        rows, total = page_of(session, query, (ProgressionLog.applied_at.desc(), ProgressionLog.id), limit, offset)
        # The log keeps weights as the slot stores them; the slot's unit rides in its data.
        enrollment_ids = sorted({r.user_program_state_id for r in rows})
        states = session.scalars(
            select(ProgressionState).where(ProgressionState.user_program_state_id.in_(enrollment_ids))
        ).all() if enrollment_ids else []
        units = {(s.user_program_state_id, s.slot): (s.data or {}).get(UNIT_KEY) for s in states}
        user = repository.user(session, user_id)
        default_unit = user.weight_unit if user else None
        items = [_progression(r, units.get((r.user_program_state_id, r.slot)) or default_unit) for r in rows]
        return Page(items, total)


@dataclass(frozen=True)
class SetFilter:
    """Which logged sets: of one lift, logged on a day from ``since`` to ``until`` (UTC, both
    included), of one workout (or legacy session id); None: any."""

    lift: str | None = None
    since: date | None = None
    until: date | None = None
    workout_id: str | None = None

    def where(self) -> list:
        found = []
        if self.lift is not None:
            found.append(LoggedSet.lift_slug == self.lift)
        found += on_days(LoggedSet.logged_at, self.since, self.until)
        if self.workout_id is not None:
            found.append(LoggedSet.session_id == self.workout_id)
        return found


def logged_sets(uow: UnitOfWork, user_id: str, limit: int, offset: int, where: SetFilter | None = None) -> Page:
    """Every set the user logged (that ``where`` selects), newest first, legacy ones included.

    ``session_id`` is a soft reference (decision 3): sets logged before workout sessions existed
    keep the client's id and show ``workout_id`` null."""
    query = select(LoggedSet).where(LoggedSet.user_id == user_id, *(where or SetFilter()).where())
    with uow:
        session = uow.session
        rows, total = page_of(session, query, (LoggedSet.logged_at.desc(), LoggedSet.id), limit, offset)
        session_ids = sorted({r.session_id for r in rows})
        workouts = set(session.scalars(
            select(WorkoutSession.id).where(WorkoutSession.id.in_(session_ids)))) if session_ids else set()
        return Page([_logged_set(r, r.session_id in workouts) for r in rows], total)


def _logged_set(row: LoggedSet, has_workout: bool) -> dict[str, Any]:
    return {
        "id": row.id, "session_id": row.session_id, "workout_id": row.session_id if has_workout else None,
        "lift": row.lift_slug, "weight": number(row.weight), "unit": row.unit, "reps": row.reps,
        "target_reps": row.target_reps, "set_index": row.set_index, "rpe": number(row.rpe),
        "warmup": row.warmup, "e1rm": None if row.warmup else _e1rm(row), "note": row.note,
        "logged_at": row.logged_at,
    }


def _e1rm(row: LoggedSet) -> Decimal | None:
    estimate = load_estimates().e1rm(row.weight, row.reps, row.rpe)
    return None if estimate is None else shown(estimate)


def events(uow: UnitOfWork, user_id: str, machines: frozenset[str] | None, limit: int, offset: int) -> Page:
    """The transition log: every transition of the user's entities, optionally of some machines."""
    query = select(TransitionLogEntry).where(TransitionLogEntry.user_id == user_id)
    if machines:
        query = query.where(TransitionLogEntry.machine.in_(sorted(machines)))
    with uow:
        order = (TransitionLogEntry.created_at.desc(), TransitionLogEntry.machine,
                 TransitionLogEntry.entity_id, TransitionLogEntry.seq.desc())
        rows, total = page_of(uow.session, query, order, limit, offset)
        return Page([_event(r) for r in rows], total)


def _progression(row: ProgressionLog, unit: str | None) -> dict[str, Any]:
    previous, new = row.previous_weight, row.new_weight
    return {
        "id": row.id,
        "enrollment_id": row.user_program_state_id,
        "lift": row.lift_slug,
        "slot": row.slot,
        "rule": row.rule,
        "trigger": row.trigger,
        "previous": number(previous),
        "new": number(new),
        "delta": None if previous is None or new is None else number(new - previous),
        "unit": unit,
        "applied_at": row.applied_at,
        "workout_id": row.workout_id,
        "amendment_id": row.amendment_id,
        "reverted_by": row.reverted_by,
        "reverted_at": row.reverted_at,
    }


def _event(row: TransitionLogEntry) -> dict[str, Any]:
    return {
        "machine": row.machine,
        "entity_id": row.entity_id,
        "seq": row.seq,
        "trigger": row.transition,
        "from_state": row.from_state,
        "to_state": row.to_state,
        "event": row.event,
        "payload": row.payload or {},
        "created_at": row.created_at,
    }
