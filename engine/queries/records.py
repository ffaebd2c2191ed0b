"""Personal records per lift: the heaviest weight for each rep count (1-12), the best estimated
1RM and the best session volume, each with the set (or workout) that made it.

Every logged set counts, legacy ones (logged before workouts were tracked) included, except
warm-ups. Weights are compared in one unit (kg, exactly) and shown in the unit the record-making
set was lifted in; the API shows them in the user's unit. A record must be beaten, not matched:
the first set to reach a weight keeps it. ``specs/estimates.yaml`` says how a set's e1RM is
worked out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
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


def counted(s: Lifted, estimates: Estimates) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """What a set counts for among its lift's records: its load in kg for its rep count's max (None
    past ``max_reps`` or with nothing lifted), its e1RM in kg and in the set's unit (None: none)."""
    if s.reps < 1 or s.weight <= 0:
        return None, None, None
    estimate = estimates.e1rm(s.weight, s.reps, s.rpe)
    load = kg(s.weight, s.unit) if s.reps <= estimates.max_reps else None
    return load, None if estimate is None else kg(estimate, s.unit), estimate


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
        load, e1rm, estimate = counted(s, estimates)
        if load is not None and (s.reps not in found.rep_maxes or load > found.rep_maxes[s.reps][0]):
            found.rep_maxes[s.reps] = (load, s)
        if e1rm is not None and (found.e1rm is None or e1rm > found.e1rm[0]):
            found.e1rm = (e1rm, s, estimate)
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


# --- the records a set just broke (the log-set answer: engine/queries/record_bests.py) ----------

@dataclass(frozen=True)
class Before:
    """The bests a new set of one lift is compared with, each in kg (None: none yet): the heaviest
    load per rep count, the best e1RM and the best session volume among the lifter's other sets."""

    rep_maxes: Mapping[int, Decimal]
    e1rm: Decimal | None
    volume: Decimal | None


def broken_by(row: Lifted, before: Before, volume_now: Decimal, estimates: Estimates) -> list[dict[str, Any]]:
    """The records the work set ``row`` beats (its workout's volume of the lift with it in it is
    ``volume_now``, in ``row``'s unit), each with the previous best in ``row``'s unit."""
    if row.reps < 1:
        return []
    broken: list[dict[str, Any]] = []
    load, e1rm, estimate = counted(row, estimates)
    best = None if load is None else before.rep_maxes.get(row.reps)
    if load is not None and (best is None or load > best):
        broken.append({"record": REP_MAX, "reps": row.reps, "weight": number(row.weight),
                       "previous": _in(best, row.unit), "unit": row.unit})
    if e1rm is not None and (before.e1rm is None or e1rm > before.e1rm):
        broken.append({"record": E1RM, "e1rm": shown(estimate), "previous": _in(before.e1rm, row.unit),
                       "unit": row.unit})
    if volume_now > 0 and (before.volume is None or kg(volume_now, row.unit) > before.volume):
        broken.append({"record": SESSION_VOLUME, "volume": shown(volume_now), "previous": _in(before.volume, row.unit),
                       "unit": row.unit})
    return broken


def _in(kg_value: Decimal | None, unit: str) -> Decimal | None:
    return None if kg_value is None else shown(Weight.of(kg_value, Unit.KG).to(unit).value)


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
