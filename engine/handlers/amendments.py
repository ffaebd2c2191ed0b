"""Amending a workout's progressions after one of its sets was corrected or deleted.

The rule (docs/machines.md, "Corrections"): a correction re-derives every progression the
workout produced, and the result equals what logging the corrected sets from scratch would
have produced. So an amendment

1. reverts every progression-log row tied to the workout (``progression_logs.workout_id``:
   its sets' AFTER_SET and ON_FAILURE changes and, once it is COMPLETED, the AFTER_SESSION,
   AFTER_WEEK and AFTER_CYCLE changes its completion cascaded into): each slot gets back the
   state before the first of them (``previous_state``); the rows stay, marked reverted, and
   their idempotency keys are freed;
2. prescribes the workout again from those slots (only programs whose later sets follow the
   logged ones ever change a prescription after the start);
3. logs its sets again in their original order, each through the bus as SET_LOGGED with its
   original event id, so the AFTER_SET rules and the re-prescription of the remaining sets run
   exactly as they did, now on the corrected values;
4. for a COMPLETED workout, applies again the progressions of the completion events it caused
   (the log rows of its finish and of the cascade, found by their ``workout_id``), with their
   original event ids. The machines do not move again: the states and the position stay.

Everything happens in the correction's unit of work: one commit, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import inspect

from ..db import repository
from ..db.models import LoggedSet, ProgressionLog, TransitionLogEntry, UserProgramState, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..events import SET_LOGGED, Event
from ..machines import Machine, MachineEvent
from ..programs.model import Trigger
from ..programs.state import SlotChange
from . import progression
from .slot_records import restore, slot_state

if TYPE_CHECKING:
    from ..context import Context

SET_MACHINE = "set"
ENROLLMENT_MACHINES = (Machine.ENROLLMENT, Machine.CYCLE, Machine.WEEK)
# The progressions each completion event applies (engine.service.EVENT_HANDLERS, without the
# cascade, which already moved the machines), in the order a finish raises them.
COMPLETION_PROGRESSIONS: Mapping[str, Callable[..., None]] = {
    MachineEvent.WORKOUT_COMPLETED: progression.after_session,
    MachineEvent.WEEK_COMPLETED: progression.after_week,
    MachineEvent.CYCLE_COMPLETED: progression.after_cycle,
}


@dataclass(frozen=True)
class Amendment:
    """One correction's amendment: its id (in the transition-log payload and on the
    progression-log rows) and when it happened."""

    id: str
    at: datetime


def revert(uow: UnitOfWork, ctx: Context, enrollment: UserProgramState, workout: WorkoutSession,
           amendment: Amendment) -> list[SlotChange]:
    """Undo every progression the workout produced; answer them, as changes back, newest first."""
    session = uow.session
    rows = repository.workout_progressions(session, workout.id)
    if not rows:
        return []
    states = {row.slot: row for row in repository.progression_states(session, enrollment.id, lock=True)}
    unit = repository.user(session, enrollment.user_id).weight_unit
    for slot, first in _first_per_slot(rows).items():
        restore(states[slot], first.previous_state)
    reverted = []
    for row in reversed(rows):
        reverted.append(_change_back(row, unit))
        row.reverted_by, row.reverted_at = amendment.id, amendment.at
        row.idempotency_key = f"reverted:{row.id}"  # the progression applied again takes its key
    session.flush()
    uow.progressions_reverted.extend(reverted)
    return reverted


def _first_per_slot(rows: Sequence[ProgressionLog]) -> dict[str, ProgressionLog]:
    """Per slot, the first change the workout made to it: the one whose state before is no other
    change's state after (rows of one transaction may share a timestamp), else the earliest."""
    by_slot: dict[str, list[ProgressionLog]] = {}
    for row in rows:
        by_slot.setdefault(row.slot, []).append(row)
    first = {}
    for slot, changes in by_slot.items():
        heads = [c for c in changes
                 if not any(other is not c and other.new_state == c.previous_state for other in changes)]
        first[slot] = min(heads or changes, key=lambda c: c.applied_at)
    return first


def _change_back(row: ProgressionLog, unit: str) -> SlotChange:
    return SlotChange(slot=row.slot, lift=row.lift_slug, rule=row.rule, rule_type="", trigger=Trigger(row.trigger),
                      previous=slot_state(row.new_state, unit), new=slot_state(row.previous_state, unit),
                      idempotency_key=row.idempotency_key)


def rederive(uow: UnitOfWork, ctx: Context, enrollment: UserProgramState, workout: WorkoutSession,
             amendment: Amendment) -> None:
    """Revert the workout's progressions and derive them again from its sets as they are now."""
    session = uow.session
    revert(uow, ctx, enrollment, workout, amendment)
    uow.amendment_id = amendment.id
    program = ctx.catalog.for_enrollment(session, enrollment)
    if ctx.catalog.follows_the_session(program):
        user = repository.user(session, workout.user_id)
        workout.prescription = ctx.catalog.prescribe(program, workout.week, workout.day_index,
                                                     repository.progression_states(session, enrollment.id),
                                                     user.weight_unit, equipment=ctx.catalog.equipment(user))
    _log_again(uow, ctx, workout)
    for entry in completion_entries(session, enrollment, workout):
        event = _event_of(entry, enrollment.id)
        COMPLETION_PROGRESSIONS[entry.event](event, uow, ctx=ctx)


def _log_again(uow: UnitOfWork, ctx: Context, workout: WorkoutSession) -> None:
    """Each set of the workout logged again, in the order it was logged, with its events."""
    session = uow.session
    logged = sorted(repository.sets_of_workout(session, workout.id), key=lambda s: (s.logged_at, s.set_index))
    copies = [_columns(row) for row in logged]
    for row in logged:
        repository.remove_set(session, row)
    session.flush()
    by_index = {p.set_index: p for p in workout.prescription or []}
    for columns in copies:
        prescribed = by_index.get(columns["set_index"])
        if prescribed is not None:  # what the set was prescribed when logged, from scratch
            columns["target_reps"] = prescribed.target_reps
        row = LoggedSet(**columns)
        repository.add_set(session, row)
        session.flush()
        seq = repository.log_seq(session, SET_MACHINE, row.id, "log_set") or 1
        uow.raise_event(Event(
            name=SET_LOGGED, user_id=row.user_id, enrollment_id=workout.user_program_state_id,
            event_id=f"{SET_MACHINE}:{row.id}:{seq}",
            payload={"entity_id": row.id, "workout_id": workout.id, "set_index": row.set_index, "reps": row.reps},
        ))
        ctx.bus.dispatch(uow)


def _columns(row: LoggedSet) -> dict[str, Any]:
    return {attr.key: getattr(row, attr.key) for attr in inspect(LoggedSet).column_attrs}


def completion_entries(session, enrollment: UserProgramState,
                       workout: WorkoutSession) -> list[TransitionLogEntry]:
    """The logged transitions whose events applied the workout's completion progressions: its
    finish and what it cascaded into (their payload names the workout), in the order raised."""
    if workout.finished_at is None:
        return []
    own = repository.transitions_since(session, (Machine.SESSION,), workout.id, workout.started_at)
    cascaded = repository.transitions_since(session, ENROLLMENT_MACHINES, enrollment.id, workout.started_at)
    entries = [e for e in (*own, *cascaded)
               if e.event in COMPLETION_PROGRESSIONS and (e.payload or {}).get("workout_id") == workout.id]
    order = list(COMPLETION_PROGRESSIONS)
    return sorted(entries, key=lambda e: order.index(e.event))


def _event_of(entry: TransitionLogEntry, enrollment_id: str) -> Event:
    return Event(name=entry.event, user_id=entry.user_id, enrollment_id=enrollment_id,
                 event_id=f"{entry.machine}:{entry.entity_id}:{entry.seq}",
                 payload={"entity_id": entry.entity_id, **(entry.payload or {})})


def foreign_transitions(session, enrollment: UserProgramState, workout: WorkoutSession) -> list[TransitionLogEntry]:
    """Transitions of the enrollment since the workout started that it did not cause: the
    enrollment moved on by a user's action (a week advanced, a new cycle) or before corrections
    were recorded."""
    entries = repository.transitions_since(session, ENROLLMENT_MACHINES, enrollment.id, workout.started_at)
    return [e for e in entries if (e.payload or {}).get("workout_id") != workout.id]

