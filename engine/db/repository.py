"""Every query the engine's commands and handlers run: the one place their SQL lives.

Reads that precede a state change lock the row (``SELECT ... FOR NO KEY UPDATE`` on
PostgreSQL: the lock an UPDATE takes, which still lets foreign-key checks of other inserts
through; on SQLite every write transaction begins IMMEDIATE, which serialises writers), so a
transition is a compare-and-set on its state column. Every command locks in one order,
the enrollment row first, then the workout row, then the rest (progression states):
docs/decisions/0004-lock-order-and-retries.md. A row is locked the first time the unit of
work loads it, so the identity map never holds an older, unlocked copy.

Each entity is read once per unit of work: a row the session already holds (locked, when a
lock is asked for) is handed back without a statement, and so are a workout's logged sets
once read (``add_set`` keeps that list whole). A workout command reads its enrollment, its
workout and the lifter in one statement (``workout_for_command``). What a unit of work writes
of the rows it locked, and its transition log, is in ``engine/db/row_writes.py``; a workout's
logged sets as one unit of work knows them in ``engine/db/logged_sets.py`` (both re-exported).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import LABEL_STYLE_TABLENAME_PLUS_COL, Select, bindparam, func, inspect, literal_column, select
from sqlalchemy.orm import Session, make_transient_to_detached, undefer
from sqlalchemy.orm.util import identity_key

from ..states import HISTORY, SessionState
from . import driver_statements
from .logged_sets import (  # noqa: F401  (a workout's logged sets: repository.sets_of_workout, ...)
    add_set,
    held_sets,
    insert_set,
    known_sets,
    none_logged_before,
    remove_set,
    set_of_workout,
    sets_at,
    sets_inserted,
    sets_of_workout,
    sets_of_workouts,
    settle_bests,
)
from .models import (
    LiftMax,
    ProgramVersion,
    ProgressionLog,
    ProgressionState,
    User,
    UserProgramState,
    WorkoutSession,
)
from .row_writes import (  # noqa: F401  (the rows a unit of work writes: repository.write_answer, ...)
    LOCKED,
    add_transition,
    log_seq,
    next_seq,
    transitions_since,
    write_answer,
    write_changes,
    write_transitions,
)

KEY = bindparam("key")
# Literals, not bound parameters: SQLite uses the partial index only for its very predicate.
LIVE = UserProgramState.enrollment_status.not_in([literal_column(f"'{state}'") for state in HISTORY])
_SLOT_LISTS = "powerpro.slots"  # session.info: enrollment id -> (its slot rows, locked?)
_IN_PROGRESS = "powerpro.in_progress"  # session.info: enrollment id -> its workout in progress, once locked
Row = TypeVar("Row")


def user(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def _locked(query: Select, lock: bool, *of: type) -> Select:
    if not lock:
        return query
    # populate_existing: a copy the session loaded unlocked earlier takes the locked values.
    return query.with_for_update(key_share=True, of=list(of) or None).execution_options(populate_existing=True)


class _Prepared:
    """A hot query built once, plain and locked, with its parameter bound at run time: the
    statement is not rebuilt per call, and SQLAlchemy's compiled cache finds it by identity."""

    def __init__(self, query: Select, *of: type) -> None:
        self.plain, self.locked = query, _locked(query, True, *of)

    def __call__(self, lock: bool) -> Select:
        return self.locked if lock else self.plain


_WORKOUT = _Prepared(select(WorkoutSession).where(WorkoutSession.id == KEY))
_ENROLLMENT = _Prepared(select(UserProgramState).where(UserProgramState.id == KEY))
_USER = _Prepared(select(User).where(User.id == KEY))
_IN_PROGRESS_OF = _Prepared(select(WorkoutSession).where(
    WorkoutSession.user_program_state_id == KEY, WorkoutSession.status == SessionState.IN_PROGRESS))
_LIVE_OF = select(UserProgramState).where(UserProgramState.user_id == KEY, LIVE)
# With the enrollment's carried record bests: a start gives them to its new workout.
_LIVE_WITH_USERLOCKED = _locked(
    select(UserProgramState, User).join(User, User.id == UserProgramState.user_id)
    .where(UserProgramState.user_id == KEY, LIVE).options(undefer(UserProgramState.record_bests)),
    True, UserProgramState)
# With the workout's stored answer: a log-set or a finish patches it (engine/handlers/stored_state.py).
_WORKOUT_FOR_COMMAND = _locked(
    select(UserProgramState, WorkoutSession, User)
    .join(WorkoutSession, WorkoutSession.user_program_state_id == UserProgramState.id)
    .join(User, User.id == UserProgramState.user_id)
    .where(WorkoutSession.id == KEY)
    .options(undefer(WorkoutSession.answer), undefer(WorkoutSession.answer_unit),
             undefer(UserProgramState.record_bests)),
    True, UserProgramState, WorkoutSession)
_SLOTS_OF = _Prepared(select(ProgressionState).where(ProgressionState.user_program_state_id == KEY)
                      .order_by(ProgressionState.slot))


# The class each model's identity keys name (the model itself, unless it inherits a mapping):
# a key is then built as a tuple, not through the mapper (``identity_key``) on every read.
_IDENTITY_CLASS = {model: identity_key(model, "")[0] for model in (User, UserProgramState, WorkoutSession)}


def _held(session: Session, model: type[Row], key: str, lock: bool) -> Row | None:
    """The row as this unit of work holds it already, if that copy will do (locked, for a lock)."""
    identity = (_IDENTITY_CLASS[model], (key,), None)
    if lock and identity not in session.info.get(LOCKED, ()):
        return None
    # A unit of work keeps every row it loaded (engine/db/unit_of_work.py): the identity map has it.
    return session.identity_map.get(identity)


def _hold(session: Session, *rows: object, locked: bool = False) -> None:
    """Remember which rows this unit of work locked (a locked read may reuse only those)."""
    if locked:
        # A loaded row's state keeps its key (no lookup of its primary key); a new row's is worked out.
        session.info.setdefault(LOCKED, set()).update(inspect(r).key or identity_key(instance=r)
                                                       for r in rows if r is not None)


def _one(session: Session, model: type[Row], key: str, query: _Prepared, lock: bool) -> Row | None:
    if (held := _held(session, model, key, lock)) is not None:
        return held
    row = session.scalars(query(lock), {"key": key}).one_or_none()
    _hold(session, row, locked=lock)
    return row


def live_enrollment(session: Session, user_id: str, *, lock: bool = False) -> UserProgramState | None:
    """The user's live enrollment; locked, it comes with the lifter's row (their unit), unlocked."""
    if not lock:
        return session.scalars(_LIVE_OF, {"key": user_id}).one_or_none()
    found = session.execute(_LIVE_WITH_USERLOCKED, {"key": user_id}).one_or_none()
    if found is None:
        return None
    _hold(session, found[0], locked=True)
    return found[0]


# The same rows as plain columns, sent on the driver's cursor (``driver_statements``), for a
# session that holds none of them yet (every workout command's first read): the ORM's execution
# and loading cost more than the statement (``_rows_from``).
_COMMAND_MODELS = (UserProgramState, WorkoutSession, User)
# Each model's columns the ORM statement loads (not deferred, or undeferred: the workout's answer,
# the enrollment's record bests), by attribute name; the enrollment's answer stays unloaded, to be
# loaded if used, as deferred.
_LOADED = {model: {key: attribute.columns[0] for key, attribute in inspect(model).column_attrs.items()
                   if not attribute.deferred or model is WorkoutSession or key == "record_bests"}
           for model in _COMMAND_MODELS}
_ATTRIBUTES = tuple((inspect(model).class_manager, tuple(_LOADED[model])) for model in _COMMAND_MODELS)
_COMMAND_ROWS = driver_statements.OneStatement(
    select(*(column for model in _COMMAND_MODELS for column in _LOADED[model].values()))
    .select_from(UserProgramState.__table__
                 .join(WorkoutSession.__table__, WorkoutSession.user_program_state_id == UserProgramState.id)
                 .join(User.__table__, User.id == UserProgramState.user_id))
    .where(WorkoutSession.id == KEY)
    .with_for_update(key_share=True, of=[UserProgramState.__table__, WorkoutSession.__table__])
    .set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL))


def workout_for_command(session: Session, workout_id: str, along: Sequence[tuple[Any, Mapping[str, Any]]] = ()
                        ) -> tuple[UserProgramState, WorkoutSession] | None:
    """A workout (with its stored answer) and its enrollment, both locked (the enrollment first:
    the lock order), with the lifter's row (unlocked), in one statement; the reads ``along`` in its
    round trip on PostgreSQL (``driver_statements.rows``)."""
    if session.identity_map:  # rows it may already hold are refreshed by the ORM (populate_existing)
        found = session.execute(_WORKOUT_FOR_COMMAND, {"key": workout_id}).one_or_none()
    else:
        connection = session.connection()
        found = _rows_from(session, driver_statements.rows(connection, _COMMAND_ROWS, {"key": workout_id}, along))
    if found is None:
        return None
    enrollment_row, workout_row, _lifter = found
    _hold(session, enrollment_row, workout_row, locked=True)
    if workout_row.status == SessionState.IN_PROGRESS:
        session.info.setdefault(_IN_PROGRESS, {})[enrollment_row.id] = workout_row
    return enrollment_row, workout_row


def _rows_from(session: Session, found: list) -> tuple | None:
    """The ORM rows of each model of a ``_COMMAND_ROWS`` row, persistent in the session as if
    loaded: made from their columns' values and attached clean, as ``write_changes`` leaves rows."""
    if not found:
        return None
    values, rows, start = found[0], [], 0
    for manager, names in _ATTRIBUTES:
        row = manager.new_instance()
        row.__dict__.update(zip(names, values[start:start + len(names)], strict=True))
        start += len(names)
        make_transient_to_detached(row)
        session.add(row)
        rows.append(row)
    return tuple(rows)


def lock_user(session: Session, user_id: str) -> User | None:
    """Serialises commands of one user that create rows (enroll), which no state row guards yet."""
    return _one(session, User, user_id, _USER, True)


def in_progress_session(session: Session, enrollment_id: str, *, lock: bool = False) -> WorkoutSession | None:
    """The enrollment's IN_PROGRESS workout. Once this unit of work has locked the enrollment and
    seen which workout is in progress, it knows without asking again: the partial unique index
    allows one, and a new one can only come from a command holding the enrollment's lock."""
    known = session.info.setdefault(_IN_PROGRESS, {})
    if not lock and enrollment_id in known:
        row = known[enrollment_id]
        return row if row is not None and row.status == SessionState.IN_PROGRESS else None
    row = session.scalars(_IN_PROGRESS_OF(lock), {"key": enrollment_id}).one_or_none()
    _hold(session, row, locked=lock)
    if lock:
        known[enrollment_id] = row
    return row


def workout(session: Session, workout_id: str, *, lock: bool = False) -> WorkoutSession | None:
    return _one(session, WorkoutSession, workout_id, _WORKOUT, lock)


def enrollment(session: Session, enrollment_id: str, *, lock: bool = False) -> UserProgramState | None:
    return _one(session, UserProgramState, enrollment_id, _ENROLLMENT, lock)


def add_workout(session: Session, row: WorkoutSession) -> None:
    """A new workout (its enrollment locked): it has no sets yet, and it is the one in progress."""
    session.add(row)
    known_sets(session)[row.id] = []
    session.info.setdefault(_IN_PROGRESS, {})[row.user_program_state_id] = row
    _hold(session, row, locked=True)


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


def progression_states(session: Session, enrollment_id: str, *, lock: bool = False) -> Sequence[ProgressionState]:
    # Ordered: a state block lists slots the same way whatever the rows' physical order (a
    # restored database, an updated row), and locks are always taken in one order. Read once
    # per unit of work (locked at most once more): the rows are the session's own, so what a
    # handler changed in them shows in every later use.
    known = session.info.setdefault(_SLOT_LISTS, {})
    held = known.get(enrollment_id)
    if held is not None and (held[1] or not lock):
        return held[0]
    rows = session.scalars(_SLOTS_OF(lock), {"key": enrollment_id}).all()
    known[enrollment_id] = (rows, lock)
    return rows


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
