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
workout and the lifter in one statement (``workout_for_command``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import CursorResult, Select, bindparam, func, insert, inspect, literal_column, select, update
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached, undefer
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.orm.util import identity_key

from ..states import HISTORY, SessionState
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
)
from .models import (
    LiftMax,
    ProgramVersion,
    ProgressionLog,
    ProgressionState,
    TransitionLogEntry,
    User,
    UserProgramState,
    WorkoutSession,
)
from .stale import changed

# Literals, not bound parameters: SQLite uses the partial index only for its very predicate.
LIVE = UserProgramState.enrollment_status.not_in([literal_column(f"'{state}'") for state in HISTORY])
_SLOT_LISTS = "powerpro.slots"  # session.info: enrollment id -> (its slot rows, locked?)
_LOCKED = "powerpro.locked"  # session.info: identities of the rows this unit of work locked
_IN_PROGRESS = "powerpro.in_progress"  # session.info: enrollment id -> its workout in progress, once locked
_LOG = "powerpro.log"  # session.info: transition-log rows not inserted yet, in the order they happened
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


KEY = bindparam("key")
_WORKOUT = _Prepared(select(WorkoutSession).where(WorkoutSession.id == KEY))
_ENROLLMENT = _Prepared(select(UserProgramState).where(UserProgramState.id == KEY))
_USER = _Prepared(select(User).where(User.id == KEY))
_IN_PROGRESS_OF = _Prepared(select(WorkoutSession).where(
    WorkoutSession.user_program_state_id == KEY, WorkoutSession.status == SessionState.IN_PROGRESS))
_LIVE_OF = select(UserProgramState).where(UserProgramState.user_id == KEY, LIVE)
_LIVE_WITH_USER_LOCKED = _locked(
    select(UserProgramState, User).join(User, User.id == UserProgramState.user_id)
    .where(UserProgramState.user_id == KEY, LIVE), True, UserProgramState)
# With the workout's stored answer: a log-set or a finish patches it (engine/handlers/stored_state.py).
_WORKOUT_FOR_COMMAND = _locked(
    select(UserProgramState, WorkoutSession, User)
    .join(WorkoutSession, WorkoutSession.user_program_state_id == UserProgramState.id)
    .join(User, User.id == UserProgramState.user_id)
    .where(WorkoutSession.id == KEY)
    .options(undefer(WorkoutSession.answer), undefer(WorkoutSession.answer_unit)),
    True, UserProgramState, WorkoutSession)
_SLOTS_OF = _Prepared(select(ProgressionState).where(ProgressionState.user_program_state_id == KEY)
                      .order_by(ProgressionState.slot))


# The class each model's identity keys name (the model itself, unless it inherits a mapping):
# a key is then built as a tuple, not through the mapper (``identity_key``) on every read.
_IDENTITY_CLASS = {model: identity_key(model, "")[0] for model in (User, UserProgramState, WorkoutSession)}


def _held(session: Session, model: type[Row], key: str, lock: bool) -> Row | None:
    """The row as this unit of work holds it already, if that copy will do (locked, for a lock)."""
    identity = (_IDENTITY_CLASS[model], (key,), None)
    if lock and identity not in session.info.get(_LOCKED, ()):
        return None
    # A unit of work keeps every row it loaded (engine/db/unit_of_work.py): the identity map has it.
    return session.identity_map.get(identity)


def _hold(session: Session, *rows: object, locked: bool = False) -> None:
    """Remember which rows this unit of work locked (a locked read may reuse only those)."""
    if locked:
        # A loaded row's state keeps its key (no lookup of its primary key); a new row's is worked out.
        session.info.setdefault(_LOCKED, set()).update(inspect(r).key or identity_key(instance=r)
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
    found = session.execute(_LIVE_WITH_USER_LOCKED, {"key": user_id}).one_or_none()
    if found is None:
        return None
    _hold(session, found[0], locked=True)
    return found[0]


def workout_for_command(session: Session, workout_id: str) -> tuple[UserProgramState, WorkoutSession] | None:
    """A workout (with its stored answer) and its enrollment, both locked (the enrollment first:
    the lock order), with the lifter's row (unlocked), in one statement."""
    found = session.execute(_WORKOUT_FOR_COMMAND, {"key": workout_id}).one_or_none()
    if found is None:
        return None
    enrollment_row, workout_row, _lifter = found
    _hold(session, enrollment_row, workout_row, locked=True)
    if workout_row.status == SessionState.IN_PROGRESS:
        session.info.setdefault(_IN_PROGRESS, {})[enrollment_row.id] = workout_row
    return enrollment_row, workout_row


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


# In the ORM's flush order: an enrollment before its workouts (the foreign key between them).
_ROW_UPDATES = {model: update(model.__table__).where(model.__table__.c.id == KEY)
                for model in (UserProgramState, WorkoutSession)}
_ANSWER_UPDATES = {model: statement.values(answer=bindparam("answer"), answer_unit=bindparam("answer_unit"))
                   for model, statement in _ROW_UPDATES.items()}
# On PostgreSQL a workout's UPDATE takes the unit of work's one transition-log row along, in a
# data-modifying WITH: one statement, one round trip, where the log's own INSERT would be a
# second (a set logged, most finishes). Not the enrollment's: the Python-side ``onupdate`` of its
# updated_at is left unset beside a WITH (the UPDATE then fails on its NOT NULL).
_LOG_ROW = insert(TransitionLogEntry.__table__).values(
    {column.name: bindparam(f"log_{column.name}") for column in TransitionLogEntry.__table__.columns}).cte("logged")
_LOGGING = {statement: statement.add_cte(_LOG_ROW)
            for statement in (_ANSWER_UPDATES[WorkoutSession], _ROW_UPDATES[WorkoutSession])}


def _execute(session: Session, statement, parameters: dict) -> CursorResult:
    """Run a row's UPDATE; a workout's with the one transition-log row pending, if it can go along
    (on PostgreSQL, no new ORM row it could refer to: one static statement, compiled once)."""
    connection, logged = session.connection(), session.info.get(_LOG)
    if (statement in _LOGGING and logged is not None and len(logged) == 1 and not session.new
            and connection.dialect.name == "postgresql"):
        parameters.update({f"log_{name}": value for name, value in session.info.pop(_LOG)[0].items()})
        statement = _LOGGING[statement]
    return connection.execute(statement, parameters)


def write_answer(session: Session, row: UserProgramState | WorkoutSession, answer: dict, unit: str) -> bool:
    """Write a stored answer alone, by one Core UPDATE, on a row this unit of work locked and
    changed in nothing else (else False: the caller sets it on the row, and ``write_changes``
    writes it with the row's other changes, in one UPDATE). The row takes it as its committed
    value. Locked rows only: no lock is taken in a new order."""
    state = inspect(row)
    if state.modified or state.key is None or state.key not in session.info.get(_LOCKED, ()):
        return False
    _execute(session, _ANSWER_UPDATES[type(row)], {"key": row.id, "answer": answer, "answer_unit": unit})
    set_committed_value(row, "answer", answer)
    set_committed_value(row, "answer_unit", unit)
    return True


_FLUSH_ORDER = {model: rank for rank, model in enumerate(_ROW_UPDATES)}
# Each attribute's column, and those an UPDATE sets on its own (updated_at), by attribute.
_COLUMNS = {model: {key: c.key for key, c in inspect(model).columns.items()} for model in _ROW_UPDATES}
_ON_UPDATE = {model: {key: c.key for key, c in inspect(model).columns.items() if c.onupdate} for model in _ROW_UPDATES}


def write_changes(session: Session) -> bool:
    """Write the changes of the rows this unit of work locked (enrollments and workouts) by one
    Core UPDATE each, the statements of the ORM's flush in its order (``onupdate`` values too),
    without its unit-of-work machinery, which costs more than the UPDATEs; each row left clean as
    after a flush. False, nothing written, when anything else is pending: then flush."""
    if session.new or session.deleted:
        return False
    states = [inspect(row) for row in session.dirty]
    locked = session.info.get(_LOCKED, ())
    if not all(state.class_ in _FLUSH_ORDER and state.key in locked for state in states):
        return False
    for state in sorted(states, key=lambda state: (_FLUSH_ORDER[state.class_], state.key)):
        row, model = state.obj(), state.class_
        values = {_COLUMNS[model][key]: state.dict[key] for key in changed(state)}
        if values:
            result = _execute(session, _ROW_UPDATES[model], {"key": row.id, **values})
            if result.rowcount != 1:
                raise StaleDataError(f"UPDATE of {model.__tablename__} {row.id} matched {result.rowcount} rows")
            written = result.last_updated_params()
            for key, name in _ON_UPDATE[model].items():
                if name not in values:
                    setattr(row, key, written[name])
        # Its history reset as after a flush (attributes not loaded stay to be loaded): the public
        # API has no "mark clean", so the row leaves the session and comes back, detached and clean.
        make_transient(row)
        make_transient_to_detached(row)
        session.add(row)
    return True


# -- corrections (engine/commands/corrections.py, engine/handlers/amendments.py) -------------------
def later_workout_exists(session: Session, workout: WorkoutSession) -> bool:
    """Whether the enrollment started another workout since ``workout`` (any status)."""
    return session.scalar(select(WorkoutSession.id).where(
        WorkoutSession.user_program_state_id == workout.user_program_state_id,
        WorkoutSession.id != workout.id,
        WorkoutSession.started_at >= workout.started_at,
    ).limit(1)) is not None


# -- the transition log --------------------------------------------------------------------------
_INSERT_LOG = insert(TransitionLogEntry.__table__)


def add_transition(session: Session, **row: object) -> None:
    """A transition-log row, kept until ``write_transitions`` inserts every row of the unit of
    work in one Core statement (an executemany), not through the ORM's unit of work: nothing
    reads the log back before the commit except the queries below, which write the rows first.
    On PostgreSQL a lone row may go earlier, with a workout's answer (``write_answer``)."""
    session.info.setdefault(_LOG, []).append(row)


def write_transitions(session: Session) -> None:
    """Insert the transition-log rows kept so far (``UnitOfWork.commit`` does, before committing)."""
    rows = session.info.pop(_LOG, None)
    if rows:
        session.flush()  # the rows they refer to first
        session.connection().execute(_INSERT_LOG, rows)


def transitions_since(session: Session, machines: Sequence[str], entity_id: str,
                      since: datetime) -> Sequence[TransitionLogEntry]:
    """The logged transitions of one entity on these machines at or after ``since``, in order."""
    write_transitions(session)
    return session.scalars(select(TransitionLogEntry).where(
        TransitionLogEntry.machine.in_(machines),
        TransitionLogEntry.entity_id == entity_id,
        TransitionLogEntry.created_at >= since,
    ).order_by(TransitionLogEntry.created_at, TransitionLogEntry.seq)).all()


def next_seq(session: Session, machine: str, entity_id: str) -> int:
    """The number of an entity's next transition, for machines whose rows keep no count (a set,
    corrected rarely: the hot transitions count on their locked row instead)."""
    write_transitions(session)
    last = session.scalar(select(func.max(TransitionLogEntry.seq)).where(
        TransitionLogEntry.machine == machine, TransitionLogEntry.entity_id == entity_id))
    return (last or 0) + 1


def log_seq(session: Session, machine: str, entity_id: str, transition: str) -> int | None:
    """The seq of an entity's first logged ``transition`` (the one its event id was built from)."""
    write_transitions(session)
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
