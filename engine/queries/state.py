"""The read side: what the API shows, read from stored columns (no state derived on read).

Each level's state is one column of one row: the enrollment block is one statement on
``user_program_states`` and the workout in progress one statement on the partial index of
``workout_sessions``. Allowed actions come from the machines' allowed triggers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .db import repository
from .db.models import ProgressionLog, TransitionLogEntry, UserProgramState, WorkoutSession
from .db.unit_of_work import UnitOfWork
from .errors import NotEnrolled, NotFound
from .machines import Machine, allowed_triggers
from .commands.positions import day_index
from .programs.units import format_decimal

START_WORKOUT = ("session", "start_workout")
LOG_SET = ("session", "log_set")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int


def enrollment(ctx, uow: UnitOfWork, user_id: str) -> dict[str, Any]:
    with uow:
        row = repository.live_enrollment(uow.session, user_id)
        if row is None:
            raise NotEnrolled("You are not enrolled in a program; POST /users/{id}/enrollment first.")
        workout = repository.in_progress_session(uow.session, row.id)
        program = ctx.plans.for_enrollment(uow.session, row)
        slots = repository.progression_states(uow.session, row.id)
        unit = repository.user(uow.session, user_id).weight_unit
        next_workout = None
        if row.enrollment_status == "ACTIVE" and workout is None:
            next_workout = {
                "name": program.workout_at(row.current_week, day_index(row)).name,
                "sets": ctx.plans.prescribe(program, row.current_week, day_index(row), slots, unit),
            }
        return {
            "id": row.id,
            "program": {"slug": program.slug, "name": program.name, "version": program.version},
            **state_block(ctx, uow.session, row, workout),
            "next_workout": next_workout,
            "slots": [_slot(ctx, s, unit) for s in slots],
            "enrolled_at": row.enrolled_at,
        }


def state_block(ctx, session: Session, row: UserProgramState, workout: WorkoutSession | None) -> dict[str, Any]:
    """The state at every level, the position, the workout in progress and what the user may do."""
    program = ctx.plans.for_enrollment(session, row)
    return {
        "enrollment_status": row.enrollment_status,
        "cycle_status": row.cycle_status,
        "week_status": row.week_status,
        "position": {
            "cycle_iteration": row.current_cycle_iteration,
            "week": row.current_week,
            "day_index": day_index(row),
            "weeks_per_cycle": program.weeks_per_cycle,
        },
        "current_workout_session": None if workout is None else _workout_summary(workout),
        "allowed_actions": allowed_actions(ctx, row, workout),
    }


def allowed_actions(ctx, row: UserProgramState, workout: WorkoutSession | None) -> list[tuple[str, str]]:
    """(machine, trigger) pairs the user may fire now, from the machines' allowed triggers."""
    machines = ctx.machines
    actions = [(Machine.ENROLLMENT.value, t) for t in allowed_triggers(machines[Machine.ENROLLMENT], row.enrollment_status, "user")]
    if row.enrollment_status != "ACTIVE":
        return actions
    if workout is None:
        actions.append(START_WORKOUT)
        actions += [(Machine.WEEK.value, t) for t in allowed_triggers(machines[Machine.WEEK], row.week_status, "user")]
    else:
        actions.append(LOG_SET)
        actions += [(Machine.SESSION.value, t) for t in allowed_triggers(machines[Machine.SESSION], workout.status, "user")]
    return actions


def workout(ctx, uow: UnitOfWork, user_id: str, workout_id: str) -> dict[str, Any]:
    with uow:
        row = repository.workout(uow.session, workout_id)
        if row is None or row.user_id != user_id:
            raise NotFound(f"There is no workout {workout_id} of yours.")
        return workout_detail(ctx, uow.session, row)


def current_workout(ctx, uow: UnitOfWork, user_id: str) -> dict[str, Any] | None:
    with uow:
        enrollment_row = repository.live_enrollment(uow.session, user_id)
        if enrollment_row is None:
            raise NotEnrolled("You are not enrolled in a program; POST /users/{id}/enrollment first.")
        row = repository.in_progress_session(uow.session, enrollment_row.id)
        return None if row is None else workout_detail(ctx, uow.session, row, enrollment_row)


def workout_detail(ctx, session: Session, row: WorkoutSession, enrollment_row: UserProgramState | None = None) -> dict[str, Any]:
    enrollment_row = enrollment_row or repository.enrollment(session, row.user_program_state_id)
    logged = {s.set_index: s for s in repository.sets_of_workout(session, row.id)}
    in_progress = repository.in_progress_session(session, enrollment_row.id) if row.status != "IN_PROGRESS" else row
    sets = []
    for prescribed in row.prescription or []:
        done = logged.get(prescribed["set_index"])
        sets.append({**prescribed, "logged": None if done is None else _logged(done)})
    return {**_workout_summary(row), "sets": sets, "state": state_block(ctx, session, enrollment_row, in_progress)}


def list_workouts(uow: UnitOfWork, user_id: str, statuses: frozenset[str] | None, limit: int, offset: int) -> Page:
    query = select(WorkoutSession).where(WorkoutSession.user_id == user_id)
    if statuses:
        query = query.where(WorkoutSession.status.in_(sorted(statuses)))
    with uow:
        total = uow.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = uow.session.scalars(
            query.order_by(WorkoutSession.started_at.desc(), WorkoutSession.id).limit(limit).offset(offset)
        ).all()
        return Page([_workout_summary(r) for r in rows], total)


def progression_logs(uow: UnitOfWork, user_id: str, limit: int, offset: int) -> Page:
    query = select(ProgressionLog).where(ProgressionLog.user_id == user_id)
    with uow:
        total = uow.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = uow.session.scalars(
            query.order_by(ProgressionLog.applied_at.desc(), ProgressionLog.id).limit(limit).offset(offset)
        ).all()
        return Page([_progression(r) for r in rows], total)


def events(uow: UnitOfWork, user_id: str, machines: frozenset[str] | None, limit: int, offset: int) -> Page:
    query = select(TransitionLogEntry).where(TransitionLogEntry.user_id == user_id)
    if machines:
        query = query.where(TransitionLogEntry.machine.in_(sorted(machines)))
    with uow:
        total = uow.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = uow.session.scalars(
            query.order_by(TransitionLogEntry.created_at.desc(), TransitionLogEntry.seq.desc()).limit(limit).offset(offset)
        ).all()
        return Page([_event(r) for r in rows], total)


def _workout_summary(row: WorkoutSession) -> dict[str, Any]:
    return {
        "id": row.id,
        "status": row.status,
        "cycle_iteration": row.cycle_iteration,
        "week": row.week,
        "day_index": row.day_index,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
    }


def _number(value) -> str | None:
    return None if value is None else format_decimal(value)


def _logged(row) -> dict[str, Any]:
    return {"weight": _number(row.weight), "unit": row.unit, "reps": row.reps,
            "rpe": _number(row.rpe), "logged_at": row.logged_at}


def _slot(ctx, row, unit: str) -> dict[str, Any]:
    state = ctx.plans.slot_state(row, unit)
    return {"slot": row.slot, "weight": None if state.weight is None else _number(state.weight.value),
            "unit": None if state.weight is None else str(state.weight.unit),
            "stage": row.stage, "failure_count": row.failure_count}


def _progression(row: ProgressionLog) -> dict[str, Any]:
    previous, new = row.previous_weight, row.new_weight
    return {
        "id": row.id, "lift": row.lift_slug, "slot": row.slot, "rule": row.rule, "trigger": row.trigger,
        "previous": _number(previous), "new": _number(new),
        "delta": None if previous is None or new is None else _number(new - previous), "applied_at": row.applied_at,
    }


def _event(row: TransitionLogEntry) -> dict[str, Any]:
    return {
        "machine": row.machine, "entity_id": row.entity_id, "seq": row.seq, "transition": row.transition,
        "from_state": row.from_state, "to_state": row.to_state, "event": row.event,
        "payload": row.payload or {}, "created_at": row.created_at,
    }
