"""The progression handlers' reads and writes (``engine/handlers/progression.py``), in Core where
the ORM's objects and flush bookkeeping would cost more than they give.

A finish applies its rules to the workout's logged sets, read here as plain rows of the few
columns a rule reads; it locks the enrollment's slots, read as plain rows too (``SlotRow``) when
the session holds none of them as ORM rows, and writes what changed: the progression-log rows in
one multi-row INSERT and the slots in one UPDATE, both in one statement on PostgreSQL
(``engine/db/shaped_writes.py``). The slots' rows take the written values, so the rest of the
unit of work sees them without a flush: the enrollment's answer renders them next (``slots_of``);
the caller marks that answer stale (``UnitOfWork.mark_stale``), as a Core write must. On
PostgreSQL a finish sends both reads along its first statement, in its round trip
(``reads_of_session_rules``).

None of these reads flushes the session first unless it holds a change the read must see (a
logged set, a slot): the workout's finish, changed in memory, then goes out with its new stored
answer in one UPDATE at the unit of work's flush instead of two.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from ..programs.model import SetKind
from ..programs.state import PerformedSet, PrescribedSet, performed_set
from ..programs.units import Weight
from . import driver_statements as driver, repository
from .driver_statements import OneStatement
from .models import LoggedSet, ProgressionLog, ProgressionState, WorkoutSession
from .shaped_writes import defer, insert_writes, update_writes
from .types import fields_at, set_index_at

_SETS = LoggedSet.__table__.c
# What a rule reads of a logged set (engine.programs.state.performed_from), and what orders them.
_PERFORMED = (
    select(_SETS.session_id, _SETS.set_index, _SETS.weight, _SETS.unit, _SETS.reps, _SETS.rpe, _SETS.logged_at)
    .order_by(_SETS.set_index)  # as repository.sets_of_workouts reads them: the same order of ties
)
_PERFORMED_OF_MANY = _PERFORMED.where(_SETS.session_id.in_(bindparam("keys", expanding=True)))
# A finish reads one workout's: an expanding IN is rewritten for its values on every execution.
_PERFORMED_OF_ONE = OneStatement(_PERFORMED.where(_SETS.session_id == bindparam("key")))
_SLOTS = ProgressionState.__table__.c


def _locked_slots(enrollment_id) -> OneStatement:
    """The slots of an enrollment (``enrollment_id``: a bind or a subquery), locked as
    repository.progression_states locks them (FOR NO KEY UPDATE on PostgreSQL), in one order."""
    return OneStatement(
        select(_SLOTS.id, _SLOTS.slot, _SLOTS.weight, _SLOTS.failure_count, _SLOTS.stage, _SLOTS.data)
        .where(_SLOTS.user_program_state_id == enrollment_id).order_by(_SLOTS.slot).with_for_update(key_share=True))


_SLOT_VALUES = _locked_slots(bindparam("key"))
# By the workout whose rules change them: what a finish sends along its first statement, before
# it knows the enrollment (``reads_of_session_rules``); a workout someone else's is refused then,
# and what was read rolled back unseen.
_SLOT_VALUES_BY_WORKOUT = _locked_slots(
    select(WorkoutSession.user_program_state_id).where(WorkoutSession.id == bindparam("key")).scalar_subquery())
_LOGS, _STATES = ProgressionLog.__table__, ProgressionState.__table__
_SLOT_ROWS = "powerpro.slot_rows"  # session.info: enrollment id -> its SlotRows, read by slots_to_change


@dataclass(eq=False)
class SlotRow:
    """A ``progression_states`` row as the rules and the enrollment's answer read it, without the
    ORM's instance: what a locked read of plain rows gives, and what write_progressions wrote."""

    id: str
    slot: str
    weight: Decimal | None
    failure_count: int
    stage: int
    data: Any


def reads_of_session_rules(workout_id: str) -> list[tuple[OneStatement, dict[str, str]]]:
    """What the rules of a session read first (its logged sets, its enrollment's slots locked,
    ``slots_read``), for a finish to send along its first statement (``driver_statements.rows``):
    on PostgreSQL one round trip for three statements, not three."""
    return [(_PERFORMED_OF_ONE, {"key": workout_id}), slots_read(None, workout_id)]


def slots_read(enrollment_id: str | None, workout_id: str | None = None) -> tuple[OneStatement, dict[str, str]]:
    """The locked read of an enrollment's slots as plain rows: by the workout whose rules change
    them when there is one (as a finish sent it along its first statement), else by the enrollment."""
    return (_SLOT_VALUES_BY_WORKOUT, {"key": workout_id}) if workout_id else (_SLOT_VALUES, {"key": enrollment_id})


def logged_for_rules(session: Session, workout_ids: Sequence[str]) -> list[Any]:
    """The logged sets of several workouts in the order they were logged, as
    ``repository.sets_of_workouts`` gives them, with the columns a rule reads (``set_index``,
    ``weight``, ``unit``, ``reps``, ``rpe``; ``session_id``). A workout whose sets this unit of
    work holds (read, or logged in it) gives those; the others are read as plain rows (a finish's
    were read along its first statement: ``reads_of_session_rules``)."""
    held = {w: repository.held_sets(session, w) for w in dict.fromkeys(workout_ids)}
    missing = [w for w, sets in held.items() if sets is None]
    if missing:
        if _holds_changes(session, LoggedSet):
            session.flush()  # a set changed in memory and not held: the read must see it
        if len(missing) == 1:
            held[missing[0]] = driver.rows(session.connection(), _PERFORMED_OF_ONE, {"key": missing[0]})
        else:
            found = session.connection().execute(_PERFORMED_OF_MANY, {"keys": missing}).all()
            for workout_id in missing:
                held[workout_id] = [r for r in found if r.session_id == workout_id]
    found = [s for sets in held.values() for s in sets]
    return sorted(found, key=lambda s: (s.logged_at or datetime.min, s.set_index is None, s.set_index or 0))


def counted_sets(prescribed: Sequence[PrescribedSet], logged: Sequence[Any], session_id: str,
                 slots: Collection[str]) -> list[PerformedSet]:
    """What ``performed_from`` pairs of one workout's logged sets with their prescription, but
    only the pairs a rule of these slots can read (``Performance.for_slot``: a set of one of the
    slots, not a warm-up). A stored prescription gives the few fields a performed set takes of it
    as stored (``types.fields_at``), decoding no set."""
    # By set index, the last of a repeated index winning, as performed_from pairs them.
    by_index = {set_index_at(prescribed, p): p for p in range(len(prescribed))}
    counted = []
    for row in logged:
        position = by_index.get(row.set_index) if row.set_index is not None else None
        if position is None:
            continue
        fields = fields_at(prescribed, position)
        if fields["warmup"] or fields["slot"] not in slots:
            continue
        counted.append(performed_set(
            lift=fields["lift"], slot=fields["slot"], set_index=fields["set_index"],
            target_reps=fields["target_reps"], is_amrap=fields["is_amrap"], weight=Weight.of(row.weight, row.unit),
            reps=row.reps, rpe=row.rpe, kind=SetKind(fields["kind"]), reps_max=fields["reps_max"],
            tag=fields["tag"], workout=fields["workout"], warmup=fields["warmup"], session_id=session_id,
        ))
    return counted


def slots_to_change(session: Session, enrollment_id: str,
                    workout_id: str | None = None) -> Sequence[ProgressionState | SlotRow]:
    """The enrollment's slots, locked, for the rules to change. The session holding none of them
    (a finish), they are read as plain rows (``SlotRow``: the ORM's instances cost twice the
    read), kept for the enrollment's answer (``slots_of``); else as the session's ORM rows
    (``repository.progression_states``), read without a flush first when the session holds no
    change to a slot: the locked read refreshes only slot rows, and a clean row loses nothing.
    ``workout_id``: the workout whose rules change them, if one (``slots_read``)."""
    if not _orm_slots_held(session, enrollment_id):
        found = [SlotRow(*row) for row in driver.rows(session.connection(), *slots_read(enrollment_id, workout_id))]
        session.info.setdefault(_SLOT_ROWS, {})[enrollment_id] = found
        return found
    if _holds_changes(session, ProgressionState):
        return repository.progression_states(session, enrollment_id, lock=True)
    with session.no_autoflush:
        return repository.progression_states(session, enrollment_id, lock=True)


def slots_of(session: Session, enrollment_id: str) -> Sequence[ProgressionState | SlotRow]:
    """The enrollment's slots as this unit of work knows them: the plain rows slots_to_change read
    (with what write_progressions wrote), while the session holds no ORM row of them that could
    have changed since; else ``repository.progression_states``."""
    rows = session.info.get(_SLOT_ROWS, {}).get(enrollment_id)
    if rows is not None and not _orm_slots_held(session, enrollment_id):
        return rows
    return repository.progression_states(session, enrollment_id)


def _orm_slots_held(session: Session, enrollment_id: str) -> bool:
    return any(isinstance(row, ProgressionState) and row.user_program_state_id == enrollment_id
               for row in session.identity_map.values())


def write_progressions(session: Session, logs: Sequence[Mapping[str, Any]],
                       slots: Mapping[ProgressionState | SlotRow, Mapping[str, Any]]) -> None:
    """Insert the progression-log rows (their ``id`` and ``applied_at`` what the columns' defaults
    give, one of each per row, as an ORM insert gives them) and write each changed slot's new
    columns (``weight``, ``failure_count``, ``stage``, ``data``), then set them on its row (an ORM
    row: as committed)."""
    if any(isinstance(row, ProgressionState) and session.is_modified(row) for row in slots):
        session.flush()  # a change made in memory goes first; what follows is written over it
    connection = session.connection()
    writes = insert_writes(connection.dialect, _LOGS, list(logs))
    updates, written = update_writes(connection.dialect, _STATES, {row.id: values for row, values in slots.items()})
    for write in (*writes, *updates):  # on PostgreSQL they go with the command's next writes
        defer(connection, write)
    for row in slots:
        for column, value in written[row.id].items():
            if isinstance(row, SlotRow):
                setattr(row, column, value)
            else:
                set_committed_value(row, column, value)


def _holds_changes(session: Session, model: type) -> bool:
    """Whether the session holds a new, changed or deleted row of ``model`` not flushed yet."""
    return any(isinstance(row, model) for rows in (session.new, session.dirty, session.deleted) for row in rows)
