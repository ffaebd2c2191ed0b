"""Progression handlers: the events of a workout's life apply the program's progression rules.

| trigger       | event             | scope of the performance      |
|---------------|-------------------|-------------------------------|
| AFTER_SET     | SET_LOGGED        | the set                       |
| ON_FAILURE    | SET_LOGGED        | the set, when reps < target   |
| AFTER_SESSION | WORKOUT_COMPLETED | the workout's sets            |
| AFTER_WEEK    | WEEK_COMPLETED    | the week's completed workouts |
| AFTER_CYCLE   | CYCLE_COMPLETED   | the cycle's completed workouts|

Each change is applied once: its idempotency key (enrollment, rule, event occurrence) is
unique in ``progression_logs``, and a key already there is skipped. ABANDONED workouts
never count (design decision 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..context import Context
from ..db import progressions, repository
from ..db.models import UserProgramState, WorkoutSession
from ..db.types import set_index_at
from ..db.unit_of_work import UnitOfWork
from ..events import Event
from ..programs.model import Program, Trigger
from ..programs.state import Performance, PerformedSet, SlotChange
from .slot_records import state_record


def after_set(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    subject = _subject(uow, ctx, event, Trigger.AFTER_SET, Trigger.ON_FAILURE)
    if subject is None:
        return  # most programs progress per session or later: a logged set costs nothing more
    workout = repository.workout(uow.session, event.payload["workout_id"])
    performed = _performed_set(uow, ctx, workout, event.payload["set_index"])
    if performed and all(s.warmup for s in performed):
        return  # a warm-up never drives a rule, nor is it a failure however short (issue 12)
    scope = Performance(sets=tuple(performed), session_id=workout.id, week=workout.week)
    # Each trigger only where the program has rules for it: no slot is read or locked for nothing.
    if subject.program.rules_for(Trigger.AFTER_SET):
        _apply(uow, ctx, event, subject, Trigger.AFTER_SET, scope)
    if subject.program.rules_for(Trigger.ON_FAILURE) and any(not s.met_target for s in performed):
        _apply(uow, ctx, event, subject, Trigger.ON_FAILURE, scope)


def after_session(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    subject = _subject(uow, ctx, event, Trigger.AFTER_SESSION)
    if subject is None:
        return
    workout = repository.workout(uow.session, event.payload["workout_id"])
    performed = _performed(uow, [workout], subject.program, Trigger.AFTER_SESSION)
    scope = Performance(sets=tuple(performed), session_id=workout.id, week=workout.week)
    _apply(uow, ctx, event, subject, Trigger.AFTER_SESSION, scope)


def after_week(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    subject = _subject(uow, ctx, event, Trigger.AFTER_WEEK)
    if subject is None:
        return
    payload = event.payload
    workouts = repository.completed_workouts(
        uow.session, event.enrollment_id, payload["cycle_iteration"], payload["week"]
    )
    performed = _performed(uow, workouts, subject.program, Trigger.AFTER_WEEK)
    _apply(uow, ctx, event, subject, Trigger.AFTER_WEEK, Performance(sets=tuple(performed), week=payload["week"]))


def after_cycle(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    subject = _subject(uow, ctx, event, Trigger.AFTER_CYCLE)
    if subject is None:
        return
    workouts = repository.completed_workouts(uow.session, event.enrollment_id, event.payload["cycle_iteration"])
    performed = _performed(uow, workouts, subject.program, Trigger.AFTER_CYCLE)
    scope = Performance(sets=tuple(performed), week=event.payload["week"])
    _apply(uow, ctx, event, subject, Trigger.AFTER_CYCLE, scope)


class _Subject(NamedTuple):
    enrollment: UserProgramState
    program: Program


def _subject(uow: UnitOfWork, ctx: Context, event: Event, *triggers: Trigger) -> _Subject | None:
    """The event's enrollment (locked) and program, or None when no rule of ``triggers`` exists."""
    enrollment = repository.enrollment(uow.session, event.enrollment_id, lock=True)
    program = ctx.catalog.for_enrollment(uow.session, enrollment)
    if not any(program.rules_for(trigger) for trigger in triggers):
        return None
    return _Subject(enrollment, program)


def _performed(uow: UnitOfWork, workouts: Sequence[WorkoutSession], program: Program,
               trigger: Trigger) -> list[PerformedSet]:
    """The workouts' logged sets with their prescriptions, only those a rule of ``trigger`` can
    read (its slots' sets, not warm-ups): read as plain rows, and no prescription decoded."""
    logged = progressions.logged_for_rules(uow.session, [w.id for w in workouts])
    slots = {slot for rule in program.rules_for(trigger) for slot in rule.slots}
    performed: list[PerformedSet] = []
    for workout in workouts:
        mine = [s for s in logged if s.session_id == workout.id]
        performed += progressions.counted_sets(workout.prescription or [], mine, workout.id, slots)
    return performed


def _performed_set(uow: UnitOfWork, ctx: Context, workout: WorkoutSession, set_index: int) -> list[PerformedSet]:
    """What ``_performed`` gives for one set index, decoding only that set's prescription."""
    prescribed = workout.prescription or []
    mine = [prescribed[p] for p in range(len(prescribed)) if set_index_at(prescribed, p) == set_index]
    logged = repository.sets_at(uow.session, workout.id, set_index)
    return ctx.catalog.performed(mine, logged, workout.id)


def _apply(uow: UnitOfWork, ctx: Context, event: Event, subject: _Subject, trigger: Trigger,
           performance: Performance) -> None:
    session = uow.session
    enrollment, program = subject
    rows = {row.slot: row for row in progressions.slots_to_change(session, enrollment.id, performance.session_id)}
    unit = repository.user(session, enrollment.user_id).weight_unit
    slots = {slot: ctx.catalog.slot_state(row, unit) for slot, row in rows.items()}
    # An event raised in this unit of work comes from a transition numbered past every earlier one
    # (its count moved on under the row's lock), so nothing was applied for it yet; a replayed
    # event is looked up. The unique idempotency key stays the database's guard either way.
    fresh = any(raised is event for raised in uow.raised)
    applied = set() if fresh else repository.applied_progression_keys(
        session, ctx.catalog.candidate_keys(program, trigger, event.event_id, enrollment.id)
    )
    changes = ctx.catalog.progress(program, trigger, event.event_id, enrollment.id, slots, performance, applied)
    if not changes:
        return
    # Each slot's last state (rules that follow each other on a slot: one UPDATE, the last state).
    states = {rows[change.slot]: change.new.to_record() for change in changes}
    progressions.write_progressions(session, [_log_row(uow, enrollment, change, event) for change in changes], states)
    uow.mark_stale(enrollment_id=enrollment.id)  # its slots and next workout's weights: written by Core
    uow.progressions_applied.extend(changes)


def _log_row(uow: UnitOfWork, enrollment: UserProgramState, change: SlotChange, event: Event) -> dict[str, Any]:
    previous, new = change.previous_weight, change.new_weight
    return dict(
        user_id=enrollment.user_id,
        user_program_state_id=enrollment.id,
        lift_slug=change.lift,
        slot=change.slot,
        rule=change.rule,
        trigger=str(change.trigger),
        previous_weight=None if previous is None else previous.stored().value,
        new_weight=None if new is None else new.stored().value,
        idempotency_key=change.idempotency_key,
        # What a correction of the workout reverts and applies again (engine/handlers/amendments.py).
        workout_id=event.payload.get("workout_id"),
        previous_state=state_record(change.previous),
        new_state=state_record(change.new),
        amendment_id=uow.amendment_id,
    )
