"""The automatic transitions: a workout starts its week and cycle; finishing the last day of a
week completes it; the last week completes the cycle; a completed cycle puts the enrollment
BETWEEN_CYCLES. Each is a logged transition that emits its own event in turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..commands.positions import day_index, position_payload
from ..db import repository
from ..db.models import UserProgramState
from ..db.unit_of_work import UnitOfWork
from ..events import Event
from ..machines import CycleTrigger, EnrollmentTrigger, Machine, WeekTrigger
from ..transitions import transition

if TYPE_CHECKING:
    from ..context import Context


def start_cycle_and_week(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    """WORKOUT_STARTED: the first workout of a cycle (or week) puts it IN_PROGRESS."""
    row = _enrollment(uow, event)
    if row.cycle_status == "PENDING":
        _fire(uow, ctx, row, Machine.CYCLE, CycleTrigger.START)
    if row.week_status == "PENDING":
        _fire(uow, ctx, row, Machine.WEEK, WeekTrigger.START)


def advance_day(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    """WORKOUT_COMPLETED: the next day; after the week's last day, the week is COMPLETED."""
    row = _enrollment(uow, event)
    if not _at_position(row, event):
        return  # a workout of an earlier position (the week was advanced meanwhile) moves nothing
    row.current_day_index = day_index(row) + 1
    program = ctx.catalog.for_enrollment(uow.session, row)
    if row.current_day_index >= ctx.catalog.days_in_week(program, row.current_week):
        _fire(uow, ctx, row, Machine.WEEK, WeekTrigger.COMPLETE)


def advance_week(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    """WEEK_COMPLETED: the next week of the cycle starts PENDING, or the cycle is COMPLETED."""
    row = _enrollment(uow, event)
    program = ctx.catalog.for_enrollment(uow.session, row)
    if row.current_week < ctx.catalog.weeks_in_cycle(program):
        _fire(uow, ctx, row, Machine.WEEK, WeekTrigger.RESET)
        row.current_week += 1
        row.current_day_index = 0
    else:
        _fire(uow, ctx, row, Machine.CYCLE, CycleTrigger.COMPLETE)


def reach_cycle_boundary(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    """CYCLE_COMPLETED: the enrollment waits BETWEEN_CYCLES for the user's next-cycle."""
    _fire(uow, ctx, _enrollment(uow, event), Machine.ENROLLMENT, EnrollmentTrigger.COMPLETE_CYCLE)


def _enrollment(uow: UnitOfWork, event: Event) -> UserProgramState:
    row = repository.enrollment(uow.session, event.enrollment_id, lock=True)
    if row is None:
        raise LookupError(f"{event.name} names enrollment {event.enrollment_id}, which does not exist")
    return row


def _at_position(row: UserProgramState, event: Event) -> bool:
    payload = event.payload
    return (payload.get("cycle_iteration"), payload.get("week"), payload.get("day_index")) == (
        row.current_cycle_iteration, row.current_week, day_index(row))


def _fire(uow: UnitOfWork, ctx: Context, row: UserProgramState, machine: Machine, trigger: str) -> None:
    transition(uow, ctx.machines[machine], row, trigger, entity_id=row.id, user_id=row.user_id,
               enrollment_id=row.id, payload=position_payload(row))
