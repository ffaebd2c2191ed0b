"""A workout's logged sets as one unit of work knows them (``engine.db.repository`` re-exports
most functions here): each workout's sets are read once per unit of work and kept whole as sets
are logged or deleted, and the sets a log-set inserts are known without reading the others.

And the lifter's bests kept on their workout in progress (``workout_sessions.record_bests``,
``engine/queries/record_bests.py``): a log-set's moved-on bests wait here for the UPDATE that
writes the workout's answer (``keep_bests``); any other change of logged sets forgets them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import bindparam, event, inspect, null, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..states import SessionState
from .models import LoggedSet, UserProgramState, WorkoutSession
from .shaped_writes import defer, insert_writes
from .stale import mark_inserted

KEY = bindparam("key")
_SETS = "powerpro.sets"  # session.info: workout id -> its logged sets, as this unit of work knows them
_INSERTED = "powerpro.inserted"  # session.info: workout id -> the sets insert_set logged in this unit of work
_UNLOGGED = "powerpro.unlogged"  # session.info: workout id -> set indexes with no set before this unit of work
_BESTS = "powerpro.bests"  # session.info: workout id -> its record bests moved on by a log-set, not written yet
_UNTRACKED = "powerpro.untracked"  # session.info: workouts with a set inserted whose bests did not take it yet
_FORGOTTEN = "powerpro.forgotten"  # session.info: users whose bests are NULL in the database, as forgotten

_SETS_OF = select(LoggedSet).where(LoggedSet.session_id == KEY).order_by(LoggedSet.set_index)
# A finish's after-session rules read its workout's sets through this one: built once, not per call.
_SETS_OF_MANY = (select(LoggedSet).where(LoggedSet.session_id.in_(bindparam("keys", expanding=True)))
                 .order_by(LoggedSet.set_index))


def sets_of_workout(session: Session, workout_id: str) -> Sequence[LoggedSet]:
    """The workout's logged sets by index; read once per unit of work (``add_set`` keeps it whole)."""
    known = session.info.setdefault(_SETS, {})
    if workout_id not in known:
        known[workout_id] = list(session.scalars(_SETS_OF, {"key": workout_id}))
    return list(known[workout_id])


def held_sets(session: Session, workout_id: str) -> Sequence[LoggedSet] | None:
    """The workout's logged sets as this unit of work holds them (read or logged in it), or None."""
    return session.info.get(_SETS, {}).get(workout_id)


def add_set(session: Session, row: LoggedSet) -> None:
    """A newly logged set, added to the session and to its workout's sets as already read."""
    session.add(row)
    _join_sets_read(session, row)


def insert_set(session: Session, row: LoggedSet) -> None:
    """A newly logged set (log-set's hot path), inserted at once by one Core statement instead of
    waiting for the ORM's flush. The row object stays outside the session (nothing changes it
    before the commit: a correction is a command of its own), in its workout's sets as read,
    and marks its workout's answer stale as a flush would (``engine/db/stale.py``). The caller
    moves the workout's record bests on by it (``keep_bests``), else the commit forgets them."""
    values = {key: value for key, value in vars(row).items() if not key.startswith("_")}
    connection = session.connection()
    [write] = insert_writes(connection.dialect, LoggedSet.__table__, [values])
    defer(connection, write)  # on PostgreSQL it goes with the workout's answer, in one statement
    session.info.setdefault(_UNTRACKED, set()).add(row.session_id)
    session.info.setdefault(_INSERTED, {}).setdefault(row.session_id, []).append(row)
    _join_sets_read(session, row)
    mark_inserted(session, row)


def _join_sets_read(session: Session, row: LoggedSet) -> None:
    """A new set, in its workout's sets if this unit of work read them (kept in index order)."""
    sets = session.info.get(_SETS, {}).get(row.session_id)
    if sets is not None:
        sets.append(row)
        sets.sort(key=lambda s: (s.set_index is None, s.set_index or 0))


def sets_inserted(session: Session, workout_id: str) -> dict[int | None, LoggedSet]:
    """The sets ``insert_set`` logged in this unit of work, by index (the last one at an index,
    as a workout shows it), without reading the workout's other sets."""
    return {row.set_index: row for row in session.info.get(_INSERTED, {}).get(workout_id, ())}


_SETS_AT = (select(LoggedSet).where(LoggedSet.session_id == KEY, LoggedSet.set_index == bindparam("index"))
            .order_by(LoggedSet.logged_at))


def none_logged_before(session: Session, workout_id: str, set_index: int) -> None:
    """Say that the workout had no set at ``set_index`` when this unit of work locked it (its
    stored answer says so: engine/commands/workouts.py), so ``sets_at`` reads none."""
    session.info.setdefault(_UNLOGGED, {}).setdefault(workout_id, set()).add(set_index)


def sets_at(session: Session, workout_id: str, set_index: int) -> list[LoggedSet]:
    """The workout's sets at one index, in the order they were logged, as ``sets_of_workouts``
    would list them: from its sets as read, else (an index that had none) the sets this unit of
    work logged there, else by a statement for that index alone (its index finds them)."""
    known = session.info.get(_SETS, {}).get(workout_id)
    if known is None and set_index in session.info.get(_UNLOGGED, {}).get(workout_id, ()):
        known = session.info.get(_INSERTED, {}).get(workout_id, [])
    if known is None:
        return list(session.scalars(_SETS_AT, {"key": workout_id, "index": set_index}))
    found = [s for s in known if s.set_index == set_index]
    return sorted(found, key=lambda s: s.logged_at or datetime.min)


def set_of_workout(session: Session, workout_id: str, set_id: str) -> LoggedSet | None:
    """One logged set of the workout: one this unit of work logged, or from its sets as read."""
    found = next((s for s in session.info.get(_INSERTED, {}).get(workout_id, ()) if s.id == set_id), None)
    return found or next((s for s in sets_of_workout(session, workout_id) if s.id == set_id), None)


def remove_set(session: Session, row: LoggedSet) -> None:
    """A logged set deleted (a correction), from the session and from its workout's sets as read."""
    session.delete(row)
    sets = session.info.setdefault(_SETS, {}).get(row.session_id)
    if sets is not None and row in sets:
        sets.remove(row)


def sets_of_workouts(session: Session, workout_ids: Sequence[str]) -> Sequence[LoggedSet]:
    """The sets of several workouts in the order they were logged (each workout's read once)."""
    known = session.info.setdefault(_SETS, {})
    missing = [w for w in workout_ids if w not in known]
    if missing:
        # One workout (a set's after-set rules, a finish): the plain statement, whose expanding
        # parameter is not rendered again at every execution.
        rows = (session.scalars(_SETS_OF, {"key": missing[0]}).all() if len(missing) == 1
                else session.scalars(_SETS_OF_MANY, {"keys": missing}).all())
        for workout_id in missing:
            known[workout_id] = [r for r in rows if r.session_id == workout_id]
    found = [s for w in dict.fromkeys(workout_ids) for s in known[w]]
    return sorted(found, key=lambda s: (s.logged_at or datetime.min, s.set_index is None, s.set_index or 0))


def known_sets(session: Session) -> dict[str, list[LoggedSet]]:
    """Workout id -> its logged sets, for each workout whose sets this unit of work knows whole."""
    return session.info.setdefault(_SETS, {})


# -- the lifter's bests on their workout in progress ----------------------------------------------

def keep_bests(session: Session, workout_id: str, bests: dict[str, Any] | None) -> None:
    """A log-set's bests of its workout, written with the workout's answer (``write_answer``);
    None: its set moves nothing on (a warm-up; bests not known, left so)."""
    session.info.get(_UNTRACKED, set()).discard(workout_id)
    if bests is not None:
        session.info.pop(_FORGOTTEN, None)  # known again: the next change forgets them again
        session.info.setdefault(_BESTS, {})[workout_id] = bests


def kept_bests(session: Session, workout_id: str) -> dict[str, Any] | None:
    """The bests kept for the workout, now being written (so no longer kept), or None."""
    return session.info.get(_BESTS, {}).pop(workout_id, None)


# The enrollments' first: the lock order (docs/decisions/0004-lock-order-and-retries.md).
_FORGET = (
    update(UserProgramState.__table__)
    .where(UserProgramState.user_id == bindparam("lifter"), UserProgramState.record_bests.is_not(None))
    .values(record_bests=null()),
    update(WorkoutSession.__table__)
    .where(WorkoutSession.user_id == bindparam("lifter"), WorkoutSession.status == SessionState.IN_PROGRESS,
           WorkoutSession.record_bests.is_not(None))
    .values(record_bests=null()),
)


def forget_bests(session: Session, user_id: str) -> None:
    """The bests of the user's workout in progress, and those their enrollments carry to their
    next workouts, are no longer known: their sets changed otherwise than by a log-set of that
    workout. In the database (one statement per table, whether this unit of work holds the rows
    or not), and on the rows it holds. Once per unit of work, while no bests are written again (a
    correction flushes once per set it logs again)."""
    forgotten = session.info.setdefault(_FORGOTTEN, set())
    if user_id not in forgotten:
        for statement in _FORGET:
            session.connection().execute(statement, {"lifter": user_id})
        forgotten.add(user_id)
    for row in list(session.identity_map.values()):
        if type(row) in (WorkoutSession, UserProgramState) and row.user_id == user_id:
            session.info.get(_BESTS, {}).pop(row.id, None)
            set_committed_value(row, "record_bests", None)


@event.listens_for(Session, "before_flush")
def _forget_on_change(session: Session, _flush_context, _instances) -> None:
    # Every set the ORM inserts, changes or deletes: a log-set inserts its own by Core (insert_set).
    if any(type(row) in (WorkoutSession, UserProgramState) and inspect(row).dict.get("record_bests") is not None
           for row in chain(session.new, session.dirty)):
        session.info.pop(_FORGOTTEN, None)  # bests written again (a start's, a finish's)
    users = {row.user_id for row in chain(session.new, session.dirty, session.deleted) if type(row) is LoggedSet}
    for user_id in sorted(users):
        forget_bests(session, user_id)


def settle_bests(session: Session) -> None:
    """Just before a unit of work's last flush (``UnitOfWork.commit``): bests that no answer's
    UPDATE took (none stored in this unit of work) are set on their rows, for that flush to
    write, and those a set was inserted past are forgotten, rather than left missing a set (with
    those the lifter's enrollments carry: the workout's sets would not reach them)."""
    kept = session.info.pop(_BESTS, {})
    untracked = session.info.pop(_UNTRACKED, ())
    for workout_id in untracked:
        row = session.get(WorkoutSession, workout_id)
        if row is not None:
            forget_bests(session, row.user_id)
    for workout_id, bests in kept.items():
        row = session.get(WorkoutSession, workout_id)
        if row is not None and workout_id not in untracked:
            row.record_bests = bests
