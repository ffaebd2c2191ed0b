"""What a unit of work writes of the rows it holds, without the ORM's flush: a stored answer
alone (``write_answer``), the changed enrollment and workout rows (``write_changes``), and the
transition log, kept until the commit and inserted in one statement (``write_transitions``).
Each writes only rows the unit of work locked (``LOCKED``, kept by ``engine.db.repository``),
so no lock is taken in a new order. ``engine.db.repository`` re-exports every function here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, insert, inspect, select, update
from sqlalchemy.orm import Session, make_transient, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from .driver_statements import OneStatement, Sent, execute, execute_many, update_of
from .logged_sets import kept_bests
from .models import TransitionLogEntry, UserProgramState, WorkoutSession
from .stale import changed

KEY = bindparam("key")
LOCKED = "powerpro.locked"  # session.info: identities of the rows this unit of work locked
_LOG = "powerpro.log"  # session.info: transition-log rows not inserted yet, in the order they happened


# In the ORM's flush order: an enrollment before its workouts (the foreign key between them).
_ROW_UPDATES = {model: update(model.__table__).where(model.__table__.c.id == KEY)
                for model in (UserProgramState, WorkoutSession)}
_ANSWER_UPDATES = {model: statement.values(answer=bindparam("answer"), answer_unit=bindparam("answer_unit"))
                   for model, statement in _ROW_UPDATES.items()}
# A log-set's: the workout's answer and its record bests moved on by the set (logged_sets.keep_bests).
_ANSWER_AND_BESTS = _ANSWER_UPDATES[WorkoutSession].values(record_bests=bindparam("record_bests"))
# On PostgreSQL a workout's UPDATE takes the unit of work's one transition-log row along, in a
# data-modifying WITH: one statement, one round trip, where the log's own INSERT would be a
# second (a set logged, most finishes). Built once per UPDATE it goes with (``_logging``).
_LOG_ROW = insert(TransitionLogEntry.__table__).values(
    {column.name: bindparam(f"log_{column.name}") for column in TransitionLogEntry.__table__.columns}).cte("logged")
_ANSWER_ONLY = {model: OneStatement(statement) for model, statement in _ANSWER_UPDATES.items()}
_ANSWER_WITH_BESTS = OneStatement(_ANSWER_AND_BESTS)
_WITH_LOG_ROW: dict[OneStatement, OneStatement] = {}


def _execute(session: Session, statement: OneStatement, parameters: dict) -> Sent:
    """Run a row's UPDATE; a workout's with the one transition-log row pending, if it can go along
    (on PostgreSQL, no new ORM row it could refer to)."""
    connection, logged = session.connection(), session.info.get(_LOG)
    if (logged is not None and len(logged) == 1 and not session.new and connection.dialect.name == "postgresql"
            and statement.statement.table is WorkoutSession.__table__):
        parameters.update({f"log_{name}": value for name, value in session.info.pop(_LOG)[0].items()})
        statement = _logging(statement)
    return execute(connection, statement, parameters)


def _logging(statement: OneStatement) -> OneStatement:
    """``statement`` with the transition-log row's INSERT in a WITH, built once per statement."""
    found = _WITH_LOG_ROW.get(statement)
    if found is None:
        found = _WITH_LOG_ROW[statement] = OneStatement(statement.statement.add_cte(_LOG_ROW))
    return found


def write_answer(session: Session, row: UserProgramState | WorkoutSession, answer: dict | str, unit: str) -> bool:
    """Write a stored answer alone, by one Core UPDATE, on a row this unit of work locked and
    changed in nothing else (else False: the caller sets it on the row, and ``write_changes``
    writes it with the row's other changes, in one UPDATE). The row takes it as its committed
    value. Locked rows only: no lock is taken in a new order. A workout's record bests kept by a
    log-set go with its answer, in the same UPDATE (or set on the row, for the caller's)."""
    state = inspect(row)
    bests = kept_bests(session, row.id) if type(row) is WorkoutSession else None
    if state.modified or state.key is None or state.key not in session.info.get(LOCKED, ()):
        if bests is not None:
            row.record_bests = bests
        return False
    parameters = {"key": row.id, "answer": answer, "answer_unit": unit}
    if bests is None:
        _execute(session, _ANSWER_ONLY[type(row)], parameters)
    else:
        _execute(session, _ANSWER_WITH_BESTS, {**parameters, "record_bests": bests})
        set_committed_value(row, "record_bests", bests)
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
    locked = session.info.get(LOCKED, ())
    if not all(state.class_ in _FLUSH_ORDER and state.key in locked for state in states):
        return False
    for state in sorted(states, key=lambda state: (_FLUSH_ORDER[state.class_], state.key)):
        row, model = state.obj(), state.class_
        values = {_COLUMNS[model][key]: state.dict[key] for key in changed(state)}
        if values:
            statement = update_of(model.__table__, values)
            written = statement.completed(session.connection().dialect, {"key": row.id, **values})
            result = _execute(session, statement, dict(written))
            if result.rowcount != 1:
                raise StaleDataError(f"UPDATE of {model.__tablename__} {row.id} matched {result.rowcount} rows")
            for key, name in _ON_UPDATE[model].items():
                if name not in values:
                    setattr(row, key, written[name])
        # Its history reset as after a flush (attributes not loaded stay to be loaded): the public
        # API has no "mark clean", so the row leaves the session and comes back, detached and clean.
        make_transient(row)
        make_transient_to_detached(row)
        session.add(row)
    return True



# -- the transition log --------------------------------------------------------------------------
# Every column given (``engine.transitions.record``); sent on the driver's cursor, compiled once.
_INSERT_LOG = OneStatement(insert(TransitionLogEntry.__table__).values(
    {column.name: bindparam(column.name) for column in TransitionLogEntry.__table__.columns}))


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
        execute_many(session.connection(), _INSERT_LOG, rows)


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
