"""The state block: every level's state, the position, the workout in progress, allowed actions.

Each level's state is one column of one row: the block is built from ``user_program_states``
and the in-progress row of ``workout_sessions`` (one statement on its partial index). The
actions allowed now come from the machines' allowed triggers for the user actor, as
``(machine, trigger)`` pairs; the API looks up the HTTP route of each pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import progressions, repository
from ..db.models import UserProgramState, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..errors import NotEnrolled, NotFound
from ..machines import Machine, MachineSpec, allowed_triggers
from ..programs import PrescribedSet
from ..programs.calendar import countdown
from ..programs.positions import position_of
from ..programs.units import format_decimal
from ..states import EnrollmentState, SessionState

# Pairs that are not a trigger of a machine's transition table: creating an entity (its
# machine's ``created_by``) and logging a set (the implicit set machine).
START_WORKOUT = ("session", "start_workout")
LOG_SET = ("set", "log_set")
NOT_ENROLLED = "You are not enrolled in a program; POST /users/{user_id}/enrollment first."

Action = tuple[str, str]  # (machine, trigger)


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int


def page_of(session: Session, query, order_by: tuple, limit: int, offset: int) -> tuple[list, int]:
    """One page of ``query``'s rows in ``order_by`` order, and how many rows match in all."""
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    rows = session.scalars(query.order_by(*order_by).limit(limit).offset(offset)).all()
    return list(rows), total


@dataclass(frozen=True)
class ActionsNow:
    """What a user may do right now, and the ids the actions' routes need."""

    user_id: str
    workout_id: str | None
    allowed_actions: list[Action]


def not_enrolled(user_id: str) -> NotEnrolled:
    return NotEnrolled(NOT_ENROLLED.format(user_id=user_id), {"enrollment_status": None})


def enrollment(ctx, uow: UnitOfWork, user_id: str, enrollment_id: str | None = None) -> dict[str, Any]:
    """The live enrollment of ``user_id`` (or, by id, any of theirs, a QUIT one included)."""
    with uow:
        session = uow.session
        if enrollment_id is None:
            row = repository.live_enrollment(session, user_id)
            if row is None:
                raise not_enrolled(user_id)
        else:
            row = repository.enrollment(session, enrollment_id)
            if row is None or row.user_id != user_id:
                raise NotFound(f"There is no enrollment {enrollment_id} of user {user_id}.")
        return enrollment_view(ctx, session, row)


def enrollment_view(ctx, session: Session, row: UserProgramState) -> dict[str, Any]:
    """``{"enrollment": ..., "state": ...}`` of ``row``, read in the caller's transaction."""
    workout = repository.in_progress_session(session, row.id)
    program = ctx.catalog.for_enrollment(session, row)
    slots = progressions.slots_of(session, row.id)
    user = repository.user(session, row.user_id)
    unit = user.weight_unit
    next_workout = None
    if row.enrollment_status == EnrollmentState.ACTIVE and workout is None:
        week, day = position_of(row)
        next_workout = {
            "name": program.workout_at(week, day).name,
            "week": week,
            "day_index": day,
            "sets": [workout_set(ctx, s) for s in ctx.catalog.prescribe(program, week, day, slots, unit,
                                                                      equipment=ctx.catalog.equipment(user))],
            "countdown": countdown(program, week),
        }
    return {
        "enrollment": {
            "id": row.id,
            "user_id": row.user_id,
            "program": program_ref(program),
            "enrolled_at": row.enrolled_at,
            "slots": [_slot(ctx, program, s, unit) for s in slots],
            "options": row.options,
            "next_workout": next_workout,
        },
        "state": state_block(ctx, session, row, workout),
    }


def state_block(ctx, session: Session, row: UserProgramState, workout: WorkoutSession | None) -> dict[str, Any]:
    """The state at every level, the position, the workout in progress and what the user may do."""
    program = ctx.catalog.for_enrollment(session, row)
    week, day = position_of(row)
    return {
        "user_id": row.user_id,
        "enrollment_id": row.id,
        "program": program_ref(program),
        "enrollment_status": row.enrollment_status,
        "cycle_status": row.cycle_status,
        "week_status": row.week_status,
        "position": {
            "cycle_iteration": row.current_cycle_iteration,
            "week": week,
            "day_index": day,
            "weeks_per_cycle": program.weeks_per_cycle,
            "days_in_week": program.days_in_week(week) if 1 <= week <= program.weeks_per_cycle else None,
        },
        "current_workout_session": None if workout is None else workout_summary(ctx, session, workout),
        "allowed_actions": allowed_actions(ctx, row, workout),
    }


def allowed_actions(ctx, row: UserProgramState | None, workout: WorkoutSession | None) -> list[Action]:
    """(machine, trigger) pairs the user may fire now, from the machines' allowed triggers."""
    machines = ctx.machines

    def user_triggers(machine: Machine, state: str) -> list[Action]:
        return [(machine.value, t) for t in allowed_triggers(machines[machine], state, "user")]

    enrollment_machine = machines[Machine.ENROLLMENT]
    if row is None:
        return [_creation(enrollment_machine)]
    actions = user_triggers(Machine.ENROLLMENT, row.enrollment_status)
    if row.enrollment_status in enrollment_machine.finals:
        return [*actions, _creation(enrollment_machine)]  # after quitting, a new enrollment
    if row.enrollment_status != EnrollmentState.ACTIVE:
        return actions
    if workout is None:
        actions.append(_creation(machines[Machine.SESSION]))
        actions += user_triggers(Machine.WEEK, row.week_status)
    else:
        if workout.status == SessionState.IN_PROGRESS:
            actions.append(LOG_SET)
        actions += user_triggers(Machine.SESSION, workout.status)
    return actions


def actions_now(ctx, uow: UnitOfWork, user_id: str) -> ActionsNow:
    """The actions of the user's live enrollment (or: enroll), e.g. to attach to a refusal."""
    with uow:
        row = repository.live_enrollment(uow.session, user_id)
        workout = None if row is None else repository.in_progress_session(uow.session, row.id)
        return ActionsNow(user_id, None if workout is None else workout.id, allowed_actions(ctx, row, workout))


def _creation(spec: MachineSpec) -> Action:
    if spec.creation is None:
        raise ValueError(f"the {spec.name} machine declares no creation trigger")
    return (spec.name, spec.creation.trigger)


def program_ref(program) -> dict[str, str]:
    return {"slug": program.slug, "name": program.name, "version": program.version}


def workout_summary(ctx, session: Session, row: WorkoutSession) -> dict[str, Any]:
    name = None
    version = row.program_version_id
    if ctx is not None and version is not None:
        program = ctx.catalog.of(session, version)
        try:
            name = program.workout_at(row.week, row.day_index).name
        except ValueError:  # a position the version no longer has
            name = None
    return {
        "id": row.id,
        "status": row.status,
        "name": name,
        "cycle_iteration": row.cycle_iteration,
        "week": row.week,
        "day_index": row.day_index,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        "note": row.note,
    }


def number(value) -> Decimal | None:
    """A stored or encoded decimal as a plain Decimal (no exponent, no trailing zeros)."""
    if value is None:
        return None
    return Decimal(format_decimal(Decimal(value)))


@dataclass(frozen=True)
class WorkoutSet:
    """A prescribed set with its lift's name and, in a workout, what was logged for it (None: not yet)."""

    prescribed: PrescribedSet
    lift_name: str
    logged: dict[str, Any] | None = None


def workout_set(ctx, prescribed: PrescribedSet, logged: dict[str, Any] | None = None) -> WorkoutSet:
    lift = ctx.catalog.lifts.get(prescribed.lift)
    return WorkoutSet(prescribed, lift.name if lift else prescribed.lift, logged)


def _slot(ctx, program, row, unit: str) -> dict[str, Any]:
    state = ctx.catalog.slot_state(row, unit)
    spec = program.slots.get(row.slot)
    return {
        "slot": row.slot,
        "lift": spec.lift if spec else None,
        "kind": spec.kind if spec else None,
        "weight": None if state.weight is None else number(state.weight.value),
        "unit": None if state.weight is None else str(state.weight.unit),
        "stage": row.stage,
        "failure_count": row.failure_count,
    }
