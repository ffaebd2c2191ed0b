"""Enrollment commands: enroll, quit, start the next cycle, advance the week."""

from __future__ import annotations

from ..context import Context
from ..db import repository
from ..db.models import ProgressionState, UserProgramState, new_id, utcnow
from ..db.unit_of_work import UnitOfWork
from ..errors import AlreadyEnrolled, NotEnrolled, NotFound, WorkoutAlreadyInProgress
from ..machines import CycleTrigger, EnrollmentTrigger, Machine, SessionTrigger, WeekTrigger, create
from ..programs.positions import Position, move, position_payload, start_cycle
from ..transitions import record, transition
from . import AdvanceWeek, Enroll, NextCycle, Quit


def enroll(cmd: Enroll, uow: UnitOfWork, ctx: Context) -> str:
    session = uow.session
    user = repository.lock_user(session, cmd.user_id)
    if user is None:
        raise NotFound(f"There is no user {cmd.user_id}.")
    if (current := repository.live_enrollment(session, cmd.user_id)) is not None:
        raise AlreadyEnrolled(
            f"You are already enrolled in {current.program_slug}; quit it (DELETE the enrollment) first.",
            {"program": current.program_slug, "enrollment_status": current.enrollment_status},
        )
    version = ctx.catalog.current(cmd.program_slug)
    options = ctx.catalog.chosen_options(version.program, cmd.options, user.weight_unit)
    program = ctx.catalog.with_options(version.program, options) if options else version.program
    inputs = ctx.catalog.starting_inputs(program, cmd.inputs, repository.lift_maxes(session, cmd.user_id))
    slots = ctx.catalog.initial_slots(program, inputs)
    row = UserProgramState(
        id=new_id(),
        user_id=cmd.user_id,
        program_slug=cmd.program_slug,
        program_version_id=version.id,
        enrollment_status=None,
        cycle_status=ctx.machines[Machine.CYCLE].initial,
        week_status=ctx.machines[Machine.WEEK].initial,
        options=options,
    )
    start_cycle(row, iteration=1)
    if program.schedule.ends_on is not None:  # a meet date: start where the last week ends on it
        move(row, Position(ctx.catalog.starting_week(program, utcnow().date()), 0))
    fired = create(ctx.machines[Machine.ENROLLMENT], row)
    session.add(row)
    session.flush()  # the slots refer to the row, and the models declare no relationships to order inserts
    session.add_all(
        ProgressionState(user_program_state_id=row.id, slot=slot, **state.to_record())
        for slot, state in slots.items()
    )
    record(uow, fired, entity_id=row.id, user_id=cmd.user_id, enrollment_id=row.id,
           payload={"program": cmd.program_slug, "program_version": version.id,
                    **({"options": options} if options else {})})
    return row.id


def quit_(cmd: Quit, uow: UnitOfWork, ctx: Context) -> str:
    row = _live(uow, cmd.user_id)
    workout = repository.in_progress_session(uow.session, row.id, lock=True)
    if workout is not None:
        transition(uow, ctx.machines[Machine.SESSION], workout, SessionTrigger.ABANDON, entity_id=workout.id,
                   user_id=cmd.user_id, enrollment_id=row.id, payload={"reason": "quit", **position_payload(row)})
    transition(uow, ctx.machines[Machine.ENROLLMENT], row, EnrollmentTrigger.QUIT, entity_id=row.id,
               user_id=cmd.user_id, enrollment_id=row.id, payload=position_payload(row))
    return row.id


def next_cycle(cmd: NextCycle, uow: UnitOfWork, ctx: Context) -> str:
    """BETWEEN_CYCLES -> ACTIVE, on the newest version of the program, at week 1 day 0."""
    row = _live(uow, cmd.user_id)
    common = {"entity_id": row.id, "user_id": cmd.user_id, "enrollment_id": row.id}
    transition(uow, ctx.machines[Machine.ENROLLMENT], row, EnrollmentTrigger.NEXT_CYCLE, **common,
               payload=position_payload(row))
    transition(uow, ctx.machines[Machine.CYCLE], row, CycleTrigger.RESET, **common, payload=position_payload(row))
    transition(uow, ctx.machines[Machine.WEEK], row, WeekTrigger.RESET, **common, payload=position_payload(row))
    row.program_version_id = ctx.catalog.current(row.program_slug).id
    start_cycle(row, iteration=row.current_cycle_iteration + 1)
    return row.id


def advance_week(cmd: AdvanceWeek, uow: UnitOfWork, ctx: Context) -> str:
    """The user ends the current week early; the cascade moves on as if its last day were done."""
    row = _live(uow, cmd.user_id)
    workout = repository.in_progress_session(uow.session, row.id)
    if workout is not None:
        raise WorkoutAlreadyInProgress(
            "Finish or abandon the workout in progress before advancing the week.",
            {"current_workout_session_id": workout.id},
        )
    transition(uow, ctx.machines[Machine.WEEK], row, WeekTrigger.COMPLETE, entity_id=row.id,
               user_id=cmd.user_id, enrollment_id=row.id, payload={"reason": "advance_week", **position_payload(row)})
    return row.id


def _live(uow: UnitOfWork, user_id: str) -> UserProgramState:
    row = repository.live_enrollment(uow.session, user_id, lock=True)
    if row is None:
        raise NotEnrolled("You are not enrolled in a program; POST /users/{id}/enrollment first.")
    return row
