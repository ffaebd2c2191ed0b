"""Personal records per lift: the heaviest weight for each rep count (1-12), the best estimated
1RM and the best session volume, each with the set (or workout) that made it.

Every logged set counts, legacy ones (logged before workouts were tracked) included, except
warm-ups. Weights are compared in one unit (kg, exactly) and shown in the unit the record-making
set was lifted in; the API shows them in the user's unit. A record must be beaten, not matched:
the first set to reach a weight keeps it. ``specs/estimates.yaml`` says how a set's e1RM is
worked out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, literal, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from ..db.models import LoggedSet, WorkoutSession
from ..db.unit_of_work import UnitOfWork
from ..programs.estimates import Estimates, load_estimates
from ..programs.units import Unit, Weight
from .state import number

REP_MAX, E1RM, SESSION_VOLUME = "rep_max", "e1rm", "session_volume"


@dataclass(frozen=True)
class Lifted:
    """What records are made of: one logged set (or, for the log-set check, the heaviest of a group)."""

    weight: Decimal
    unit: str
    reps: int
    rpe: Decimal | None = None
    id: str | None = None
    session_id: str | None = None
    logged_at: datetime | None = None


def kg(value: Decimal, unit: str) -> Decimal:
    return Weight.of(value, unit).to(Unit.KG).value


def shown(value: Decimal) -> Decimal:
    """A derived weight (an e1RM, a volume) to the three decimals weights are stored with."""
    return number(Weight.of(value, Unit.KG).stored().value)


def e1rm_of(lifted: Lifted, estimates: Estimates | None = None) -> Decimal | None:
    return (estimates or load_estimates()).e1rm(lifted.weight, lifted.reps, lifted.rpe)


@dataclass
class Bests:
    """The best of each record among some sets of one lift, as (kg value, what made it)."""

    rep_maxes: dict[int, tuple[Decimal, Lifted]]
    e1rm: tuple[Decimal, Lifted, Decimal] | None = None  # (kg, set, e1RM in the set's unit)
    volume: tuple[Decimal, Decimal, str, str | None] | None = None  # (kg, volume, unit, session id)


def bests(sets: Iterable[Lifted], volumes: Iterable[tuple[Decimal, str, str | None]],
          estimates: Estimates | None = None) -> Bests:
    """The records among ``sets`` (oldest first, so ties stay with the first) and session ``volumes``."""
    estimates = estimates or load_estimates()
    found = Bests({})
    for s in sets:
        if s.reps < 1 or s.weight <= 0:
            continue
        load = kg(s.weight, s.unit)
        if s.reps <= estimates.max_reps and (s.reps not in found.rep_maxes or load > found.rep_maxes[s.reps][0]):
            found.rep_maxes[s.reps] = (load, s)
        estimate = estimates.e1rm(s.weight, s.reps, s.rpe)
        if estimate is not None and (found.e1rm is None or kg(estimate, s.unit) > found.e1rm[0]):
            found.e1rm = (kg(estimate, s.unit), s, estimate)
    for volume, unit, session_id in volumes:
        if volume > 0 and (found.volume is None or kg(volume, unit) > found.volume[0]):
            found.volume = (kg(volume, unit), volume, unit, session_id)
    return found


def session_volumes(sets: Sequence[Lifted]) -> list[tuple[Decimal, str, str | None]]:
    """Each session's volume (sets x reps x weight), in the unit of its first set, oldest first."""
    totals: dict[str | None, tuple[Decimal, str]] = {}
    for s in sets:
        total, unit = totals.get(s.session_id, (Decimal(0), s.unit))
        totals[s.session_id] = (total + Weight.of(s.weight, s.unit).to(unit).value * s.reps, unit)
    return [(total, unit, session_id) for session_id, (total, unit) in totals.items()]


# --- the records a set just broke (the log-set answer) -------------------------------------------

def broken_by(session: Session, row: LoggedSet, estimates: Estimates | None = None) -> list[dict[str, Any]]:
    """The records ``row`` (just logged, not yet flushed or flushed) beats, with the previous best.

    One statement: the heaviest weight per (reps, unit, RPE) and the best session volume per unit
    among the lifter's other sets of the lift, which is all a record needs, however long the history, and
    the other sets of the lift in ``row``'s workout (its volume now), so its sets are not read."""
    if row.warmup or row.reps < 1:
        return []
    estimates = estimates or load_estimates()
    before, workout_sets = _bests_before(session, row, estimates)
    new = Lifted(row.weight, row.unit, row.reps, row.rpe, row.id, row.session_id, row.logged_at)
    broken: list[dict[str, Any]] = []
    load = kg(new.weight, new.unit)
    if new.weight > 0 and new.reps <= estimates.max_reps:
        best = before.rep_maxes.get(new.reps)
        if best is None or load > best[0]:
            broken.append({"record": REP_MAX, "reps": new.reps, "weight": number(new.weight),
                           "previous": _in(best and best[0], new.unit), "unit": new.unit})
    estimate = estimates.e1rm(new.weight, new.reps, new.rpe)
    if estimate is not None and (before.e1rm is None or kg(estimate, new.unit) > before.e1rm[0]):
        broken.append({"record": E1RM, "e1rm": shown(estimate),
                       "previous": _in(before.e1rm and before.e1rm[0], new.unit), "unit": new.unit})
    volume = _session_volume_now(row, workout_sets)
    if volume > 0 and (before.volume is None or kg(volume, new.unit) > before.volume[0]):
        broken.append({"record": SESSION_VOLUME, "volume": shown(volume),
                       "previous": _in(before.volume and before.volume[0], new.unit), "unit": new.unit})
    return broken


def _in(kg_value: Decimal | None, unit: str) -> Decimal | None:
    return None if kg_value is None else shown(Weight.of(kg_value, Unit.KG).to(unit).value)


def _session_volume_now(row: LoggedSet, others: Sequence[Lifted]) -> Decimal:
    """The volume of ``row``'s workout for its lift with ``row`` in it, each set in ``row``'s unit."""
    return sum((Weight.of(s.weight, s.unit).to(row.unit).value * s.reps for s in (*others, row)), Decimal(0))


# What each row of the bests query is (its last column).
_HEAVIEST, _VOLUME, _IN_WORKOUT = 0, 1, 2


def _bests_query():
    """The heaviest weight per (reps, unit, RPE) and the best session volume per unit among a
    lifter's other work sets of one lift, and the other work sets of the lift in the set's
    workout: built once, its values bound per call (it is compiled once too). The lifter's sets
    of the lift are found once (a CTE: one index scan on both engines, where a union of three
    filtered selects scanned three times; about a tenth less work for the query, EXPLAIN ANALYZE
    on PostgreSQL and the sqlite3 module's timing, at 100 sets of the lift)."""
    mine = (select(LoggedSet.reps, LoggedSet.unit, LoggedSet.rpe, LoggedSet.weight, LoggedSet.session_id)
            .where(LoggedSet.user_id == bindparam("user_id"), LoggedSet.lift_slug == bindparam("lift"),
                   LoggedSet.warmup.is_(False), LoggedSet.id != bindparam("set_id"))
            .cte("mine"))
    heaviest = (select(mine.c.reps, mine.c.unit, mine.c.rpe, func.max(mine.c.weight).label("value"),
                       null().label("session_id"), literal_column(str(_HEAVIEST)).label("kind"))
                .where(mine.c.reps.between(1, bindparam("max_reps")), mine.c.weight > 0)
                .group_by(mine.c.reps, mine.c.unit, mine.c.rpe))
    # The best session volume per unit (a unit's volumes convert to kg in the same order, so its
    # largest is the one that counts): one row per unit, not one per workout of the lift.
    per_session = (select(mine.c.unit, func.sum(mine.c.weight * mine.c.reps).label("volume"))
                   .group_by(mine.c.session_id, mine.c.unit).subquery())
    volumes = (select(literal(0).label("reps"), per_session.c.unit, null().label("rpe"),
                      func.max(per_session.c.volume).label("value"), null().label("session_id"),
                      literal_column(str(_VOLUME)).label("kind"))
               .group_by(per_session.c.unit))
    in_workout = (select(mine.c.reps, mine.c.unit, null().label("rpe"), mine.c.weight.label("value"),
                         mine.c.session_id, literal_column(str(_IN_WORKOUT)).label("kind"))
                  .where(mine.c.session_id == bindparam("workout_id")))
    return union_all(heaviest, volumes, in_workout)


_BESTS = _bests_query()


def _bests_before(session: Session, row: LoggedSet, estimates: Estimates) -> tuple[Bests, list[Lifted]]:
    # On the session's connection, as Core: plain rows, none of the ORM's execution steps (the set
    # itself is left out by its id, so whether it was flushed yet makes no difference).
    rows = session.connection().execute(_BESTS, {"user_id": row.user_id, "lift": row.lift_slug, "set_id": row.id,
                                                 "max_reps": estimates.max_reps,
                                                 "workout_id": row.session_id}).all()
    groups = [Lifted(Decimal(r.value), r.unit, r.reps, None if r.rpe is None else Decimal(r.rpe))
              for r in rows if r.kind == _HEAVIEST]
    volumes = [(Decimal(r.value), r.unit, r.session_id) for r in rows if r.kind == _VOLUME]
    workout_sets = [Lifted(Decimal(r.value), r.unit, r.reps) for r in rows if r.kind == _IN_WORKOUT]
    return bests(groups, volumes, estimates), workout_sets


# --- GET /users/{id}/records ----------------------------------------------------------------------

def lifted_sets(session: Session, user_id: str, lift: str | None = None) -> list[tuple[str, Lifted]]:
    """(lift, set) of every work set of the user (of one lift), oldest first."""
    query = (select(LoggedSet.lift_slug, LoggedSet.weight, LoggedSet.unit, LoggedSet.reps, LoggedSet.rpe,
                    LoggedSet.id, LoggedSet.session_id, LoggedSet.logged_at)
             .where(LoggedSet.user_id == user_id, LoggedSet.warmup.is_(False)))
    if lift is not None:
        query = query.where(LoggedSet.lift_slug == lift)
    rows = session.execute(query.order_by(LoggedSet.logged_at, LoggedSet.id)).all()
    return [(r.lift_slug, Lifted(r.weight, r.unit, r.reps, r.rpe, r.id, r.session_id, r.logged_at)) for r in rows]


def records(uow: UnitOfWork, user_id: str, lift: str | None = None) -> list[dict[str, Any]]:
    """Each lift's records (by lift slug), with the set or workout that made each."""
    with uow:
        session = uow.session
        by_lift: dict[str, list[Lifted]] = {}
        for slug, lifted in lifted_sets(session, user_id, lift):
            by_lift.setdefault(slug, []).append(lifted)
        workouts = _workout_ids(session, {s.session_id for sets in by_lift.values() for s in sets})
        return [_lift_records(slug, sets, workouts) for slug, sets in sorted(by_lift.items())]


def _workout_ids(session: Session, session_ids: set[str | None]) -> set[str]:
    ids = sorted(i for i in session_ids if i)
    return set(session.scalars(select(WorkoutSession.id).where(WorkoutSession.id.in_(ids)))) if ids else set()


def _lift_records(lift: str, sets: list[Lifted], workouts: set[str]) -> dict[str, Any]:
    found = bests(sets, session_volumes(sets))
    volume = None
    if found.volume is not None:
        _, value, unit, session_id = found.volume
        volume = {"volume": shown(value), "unit": unit, "session_id": session_id,
                  "workout_id": session_id if session_id in workouts else None,
                  "logged_at": max(s.logged_at for s in sets if s.session_id == session_id)}
    return {
        "lift": lift,
        "rep_maxes": [{"reps": reps, **set_ref(s, workouts)} for reps, (_, s) in sorted(found.rep_maxes.items())],
        "e1rm": None if found.e1rm is None else {**set_ref(found.e1rm[1], workouts), "e1rm": shown(found.e1rm[2])},
        "session_volume": volume,
    }


def set_ref(s: Lifted, workouts: set[str]) -> dict[str, Any]:
    return {"set_id": s.id, "session_id": s.session_id, "workout_id": s.session_id if s.session_id in workouts
            else None, "weight": number(s.weight), "unit": s.unit, "reps": s.reps, "rpe": number(s.rpe),
            "logged_at": s.logged_at}
