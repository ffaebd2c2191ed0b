"""Reading state back in engine tests."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.commands import LogSet
from engine.db.models import TransitionLogEntry, UserProgramState, WorkoutSession


def states(services, enrollment_id: str) -> tuple:
    with services.uow() as uow:
        row = uow.session.get(UserProgramState, enrollment_id)
        return (row.enrollment_status, row.cycle_status, row.week_status,
                row.current_cycle_iteration, row.current_week, row.current_day_index)


def log_rows(services) -> list[tuple]:
    with services.uow() as uow:
        rows = uow.session.scalars(select(TransitionLogEntry).order_by(TransitionLogEntry.created_at,
                                                                        TransitionLogEntry.seq)).all()
        return [(r.machine, r.seq, r.transition, r.from_state, r.to_state, r.event) for r in rows]


def log_count(services) -> int:
    with services.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(TransitionLogEntry))


def log_all(services, user_id: str, workout_id: str, reps: int | None = None) -> None:
    """Log every prescribed set of a workout at its target (or ``reps``)."""
    with services.uow() as uow:
        prescription = uow.session.get(WorkoutSession, workout_id).prescription
    for item in prescription:
        services.handle(LogSet(user_id, workout_id, item.set_index, reps if reps is not None else item.target_reps))

