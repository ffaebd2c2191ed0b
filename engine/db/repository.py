"""Every query the engine's commands and handlers run: the one place their SQL lives.

Reads that precede a state change lock the row (``SELECT ... FOR NO KEY UPDATE`` on
PostgreSQL: the lock an UPDATE takes, which still lets foreign-key checks of other inserts
through; on SQLite every transaction begins IMMEDIATE, which serialises writers), so a
transition is a compare-and-set on its state column. Every command locks in one order,
the enrollment row first, then the workout row, then the rest (progression states):
docs/decisions/0004-lock-order-and-retries.md. A row is locked the first time the unit of
work loads it, so the identity map never holds an older, unlocked copy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from ..states import EnrollmentState, SessionState
from .models import (
    LiftMax,
    LoggedSet,
    ProgramVersion,
    ProgressionLog,
    ProgressionState,
    TransitionLogEntry,
    User,
    UserProgramState,
    WorkoutSession,
)

LIVE = UserProgramState.enrollment_status != EnrollmentState.QUIT


def user(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def _locked(query: Select, lock: bool) -> Select:
    return query.with_for_update(key_share=True) if lock else query


def live_enrollment(session: Session, user_id: str, *, lock: bool = False) -> UserProgramState | None:
    query = select(UserProgramState).where(UserProgramState.user_id == user_id, LIVE)
    return session.scalars(_locked(query, lock)).one_or_none()


def lock_user(session: Session, user_id: str) -> User | None:
    """Serialises commands of one user that create rows (enroll), which no state row guards yet."""
    return session.scalars(_locked(select(User).where(User.id == user_id), True)).one_or_none()


def in_progress_session(session: Session, enrollment_id: str, *, lock: bool = False) -> WorkoutSession | None:
    query = select(WorkoutSession).where(
        WorkoutSession.user_program_state_id == enrollment_id, WorkoutSession.status == SessionState.IN_PROGRESS
    )
    return session.scalars(_locked(query, lock)).one_or_none()


def workout(session: Session, workout_id: str, *, lock: bool = False) -> WorkoutSession | None:
    query = select(WorkoutSession).where(WorkoutSession.id == workout_id)
    return session.scalars(_locked(query, lock)).one_or_none()


def enrollment(session: Session, enrollment_id: str, *, lock: bool = False) -> UserProgramState | None:
    query = select(UserProgramState).where(UserProgramState.id == enrollment_id)
    return session.scalars(_locked(query, lock)).one_or_none()


def enrollment_of_workout(session: Session, workout_id: str, *, lock: bool = False) -> UserProgramState | None:
    """The enrollment a workout belongs to, in one statement: a workout command locks it
    before the workout row, as every command does."""
    owner = select(WorkoutSession.user_program_state_id).where(WorkoutSession.id == workout_id).scalar_subquery()
    return session.scalars(_locked(select(UserProgramState).where(UserProgramState.id == owner), lock)).one_or_none()


def next_log_seq(session: Session, machine: str, entity_id: str) -> int:
    current = session.scalar(
        select(func.max(TransitionLogEntry.seq)).where(
            TransitionLogEntry.machine == machine, TransitionLogEntry.entity_id == entity_id
        )
    )
    return (current or 0) + 1


def sets_of_workout(session: Session, workout_id: str) -> Sequence[LoggedSet]:
    return session.scalars(
        select(LoggedSet).where(LoggedSet.session_id == workout_id).order_by(LoggedSet.set_index)
    ).all()


def completed_workouts(session: Session, enrollment_id: str, cycle_iteration: int,
                       week: int | None = None) -> Sequence[WorkoutSession]:
    """The canonical (COMPLETED) sessions of a cycle, or of one week of it."""
    query = select(WorkoutSession).where(
        WorkoutSession.user_program_state_id == enrollment_id,
        WorkoutSession.cycle_iteration == cycle_iteration,
        WorkoutSession.status == SessionState.COMPLETED,
    )
    if week is not None:
        query = query.where(WorkoutSession.week == week)
    return session.scalars(query.order_by(WorkoutSession.week, WorkoutSession.day_index)).all()


def sets_of_workouts(session: Session, workout_ids: Sequence[str]) -> Sequence[LoggedSet]:
    if not workout_ids:
        return []
    return session.scalars(
        select(LoggedSet)
        .where(LoggedSet.session_id.in_(workout_ids))
        .order_by(LoggedSet.logged_at, LoggedSet.set_index)
    ).all()


def progression_states(session: Session, enrollment_id: str, *, lock: bool = False) -> Sequence[ProgressionState]:
    # Ordered: a state block lists slots the same way whatever the rows' physical order (a
    # restored database, an updated row), and locks are always taken in one order.
    query = (select(ProgressionState).where(ProgressionState.user_program_state_id == enrollment_id)
             .order_by(ProgressionState.slot))
    return session.scalars(_locked(query, lock)).all()


def lift_maxes(session: Session, user_id: str) -> Sequence[LiftMax]:
    return session.scalars(select(LiftMax).where(LiftMax.user_id == user_id).order_by(LiftMax.lift_slug)).all()


def program_version(session: Session, version_id: str) -> ProgramVersion | None:
    return session.get(ProgramVersion, version_id)


def slots_changed_on_failure(session: Session, user_id: str, enrollment_id: str, since: datetime) -> set[str]:
    """Slots an ON_FAILURE rule of this enrollment changed at or after ``since``."""
    return set(session.scalars(select(ProgressionLog.slot).where(
        ProgressionLog.user_id == user_id,
        ProgressionLog.applied_at >= since,
        ProgressionLog.user_program_state_id == enrollment_id,
        ProgressionLog.trigger == "ON_FAILURE",
        ProgressionLog.reverted_at.is_(None),  # a correction reverted it: it no longer holds the slot
    )))


def applied_progression_keys(session: Session, candidate_keys: Sequence[str]) -> set[str]:
    """Which of these progressions were applied already: a replayed event changes nothing."""
    if not candidate_keys:
        return set()
    return set(
        session.scalars(select(ProgressionLog.idempotency_key).where(ProgressionLog.idempotency_key.in_(candidate_keys)))
    )


# -- corrections (engine/commands/corrections.py, engine/handlers/amendments.py) -------------------
def later_workout_exists(session: Session, workout: WorkoutSession) -> bool:
    """Whether the enrollment started another workout since ``workout`` (any status)."""
    return session.scalar(select(WorkoutSession.id).where(
        WorkoutSession.user_program_state_id == workout.user_program_state_id,
        WorkoutSession.id != workout.id,
        WorkoutSession.started_at >= workout.started_at,
    ).limit(1)) is not None


def transitions_since(session: Session, machines: Sequence[str], entity_id: str,
                      since: datetime) -> Sequence[TransitionLogEntry]:
    """The logged transitions of one entity on these machines at or after ``since``, in order."""
    return session.scalars(select(TransitionLogEntry).where(
        TransitionLogEntry.machine.in_(machines),
        TransitionLogEntry.entity_id == entity_id,
        TransitionLogEntry.created_at >= since,
    ).order_by(TransitionLogEntry.created_at, TransitionLogEntry.seq)).all()


def log_seq(session: Session, machine: str, entity_id: str, transition: str) -> int | None:
    """The seq of an entity's first logged ``transition`` (the one its event id was built from)."""
    return session.scalar(select(func.min(TransitionLogEntry.seq)).where(
        TransitionLogEntry.machine == machine, TransitionLogEntry.entity_id == entity_id,
        TransitionLogEntry.transition == transition,
    ))


def workout_progressions(session: Session, workout_id: str) -> Sequence[ProgressionLog]:
    """The progressions a workout's sets and completion applied that no correction reverted."""
    return session.scalars(select(ProgressionLog).where(
        ProgressionLog.workout_id == workout_id, ProgressionLog.reverted_at.is_(None),
    ).order_by(ProgressionLog.applied_at)).all()


def untied_progressions_since(session: Session, user_id: str, enrollment_id: str, since: datetime) -> int:
    """Progressions of the enrollment since ``since`` tied to no workout (a manual move, or rows
    from before corrections were recorded): a correction could not tell what to revert."""
    return session.scalar(select(func.count()).select_from(ProgressionLog).where(
        ProgressionLog.user_id == user_id,
        ProgressionLog.applied_at >= since,
        ProgressionLog.user_program_state_id == enrollment_id,
        ProgressionLog.reverted_at.is_(None),
        ProgressionLog.workout_id.is_(None),
    )) or 0
