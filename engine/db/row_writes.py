"""What a unit of work writes of the rows it holds, without the ORM's flush: a stored answer
alone (``write_answer``), the changed enrollment and workout rows (``write_changes``), and the
transition log, kept until the commit and inserted in one statement (``write_transitions``).
Each writes only rows the unit of work locked (``LOCKED``, kept by ``engine.db.repository``),
so no lock is taken in a new order. ``engine.db.repository`` re-exports every function here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from .logged_sets import kept_bests
from .models import TransitionLogEntry, UserProgramState, WorkoutSession
from .shaped_writes import Write, defer, insert_rows, insert_writes, send, update_writes
from .stale import changed

LOCKED = "powerpro.locked"  # session.info: identities of the rows this unit of work locked
_LOG = "powerpro.log"  # session.info: transition-log rows not inserted yet, in the order they happened
_LOG_TABLE = TransitionLogEntry.__table__
_LOG_ROWS_ALONG = 8  # more (a rare cascade) wait for write_transitions


def _send(session: Session, writes: list[Write]) -> list[int]:
    """Send a unit of work's UPDATEs in order (``shaped_writes.send``: one statement on
    PostgreSQL), and there the transition-log rows pending with them, where the log's own INSERT
    would be another round trip (a set logged, a finish), if no new ORM row they could refer to
    is pending; how many rows each UPDATE wrote."""
    connection, logged = session.connection(), session.info.get(_LOG)
    if logged and len(logged) <= _LOG_ROWS_ALONG and not session.new and connection.dialect.name == "postgresql":
        for write in insert_writes(connection.dialect, _LOG_TABLE, session.info.pop(_LOG)):
            defer(connection, write)  # sent first, in the same statement
    return send(connection, writes)


def _update(session: Session, table: Table, key: str, values: dict) -> Write:
    """The UPDATE of one row (``key`` its id) with every column it writes given, ``onupdate``
    ones included, as a statement riding along another needs them."""
    [write], _written = update_writes(session.connection().dialect, table, {key: values})
    return write


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
    values = {"answer": answer, "answer_unit": unit}
    if bests is not None:
        values["record_bests"] = bests
        set_committed_value(row, "record_bests", bests)
    _send(session, [_update(session, type(row).__table__, row.id, values)])
    set_committed_value(row, "answer", answer)
    set_committed_value(row, "answer_unit", unit)
    return True


# In the ORM's flush order: an enrollment before its workouts (the foreign key between them).
_FLUSH_ORDER = {UserProgramState: 0, WorkoutSession: 1}
# Each attribute's column, and those an UPDATE sets on its own (updated_at), by attribute.
_COLUMNS = {model: {key: c.key for key, c in inspect(model).columns.items()} for model in _FLUSH_ORDER}
_ON_UPDATE = {model: {key: c.key for key, c in inspect(model).columns.items() if c.onupdate} for model in _FLUSH_ORDER}


def write_changes(session: Session) -> bool:
    """Write the changes of the rows this unit of work locked (enrollments and workouts) by one
    Core UPDATE each, the statements of the ORM's flush in its order (``onupdate`` values too),
    without its unit-of-work machinery, which costs more than the UPDATEs (and on PostgreSQL as
    one statement: ``_send``); each row left clean as after a flush. False, nothing written,
    when anything else is pending: then flush."""
    if session.new or session.deleted:
        return False
    states = [inspect(row) for row in session.dirty]
    locked = session.info.get(LOCKED, ())
    if not all(state.class_ in _FLUSH_ORDER and state.key in locked for state in states):
        return False
    updates = []
    for state in sorted(states, key=lambda state: (_FLUSH_ORDER[state.class_], state.key)):
        model = state.class_
        values = {_COLUMNS[model][key]: state.dict[key] for key in changed(state)}
        if values:
            updates.append(_update(session, model.__table__, state.obj().id, values))
            for key, name in _ON_UPDATE[model].items():
                if name not in values:
                    setattr(state.obj(), key, updates[-1].values[name])
    for write, count in zip(updates, _send(session, updates), strict=True):
        if count != write.rows:
            raise StaleDataError(f"UPDATE of {write.written[0]} {write.values['key']} matched {count} rows")
    for state in states:
        _leave_clean(session, state)
    return True


def _leave_clean(session: Session, state) -> None:
    """The row's history reset as the ORM's flush resets it after its UPDATE (attributes not
    loaded stay to be loaded). SQLAlchemy's public API has no "mark clean": its flush's own step
    is used, where taking the row out of the session and adding it back would cost a third of
    ``write_changes`` (tests/engine/test_changed_rows.py holds it to what a flush leaves)."""
    state._commit_all(state.dict, session.identity_map)


# -- the transition log --------------------------------------------------------------------------

def add_transition(session: Session, **row: object) -> None:
    """A transition-log row, kept until ``write_transitions`` inserts every row of the unit of
    work in one Core statement (a multi-row INSERT), not through the ORM's unit of work: nothing
    reads the log back before the commit except the queries below, which write the rows first.
    On PostgreSQL the rows may go earlier, with an UPDATE of the unit of work (``_send``)."""
    session.info.setdefault(_LOG, []).append(row)


def write_transitions(session: Session) -> None:
    """Insert the transition-log rows kept so far (``UnitOfWork.commit`` does, before committing)."""
    rows = session.info.pop(_LOG, None)
    if rows:
        session.flush()  # the rows they refer to first
        insert_rows(session.connection(), _LOG_TABLE, rows)


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
