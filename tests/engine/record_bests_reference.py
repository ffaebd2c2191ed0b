"""The records a log-set broke as they were worked out before the bests were kept on the workout
(migration 00044): one grouped query over the lifter's other sets of the lift at every set. The
reference the kept bests must agree with (tests/engine/test_record_bests.py)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import bindparam, func, literal, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from engine.db.models import LoggedSet
from engine.programs.estimates import load_estimates
from engine.programs.units import Weight
from engine.queries.records import E1RM, REP_MAX, SESSION_VOLUME, Lifted, bests, kg, shown
from engine.queries.state import number

_HEAVIEST, _VOLUME, _IN_WORKOUT = 0, 1, 2


def _query():
    mine = (select(LoggedSet.reps, LoggedSet.unit, LoggedSet.rpe, LoggedSet.weight, LoggedSet.session_id)
            .where(LoggedSet.user_id == bindparam("user_id"), LoggedSet.lift_slug == bindparam("lift"),
                   LoggedSet.warmup.is_(False), LoggedSet.id != bindparam("set_id"))
            .cte("mine"))
    heaviest = (select(mine.c.reps, mine.c.unit, mine.c.rpe, func.max(mine.c.weight).label("value"),
                       null().label("session_id"), literal_column(str(_HEAVIEST)).label("kind"))
                .where(mine.c.reps.between(1, bindparam("max_reps")), mine.c.weight > 0)
                .group_by(mine.c.reps, mine.c.unit, mine.c.rpe))
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


_BESTS = _query()


def broken_by(session: Session, row: LoggedSet) -> list[dict[str, Any]]:
    """The records ``row`` beats, with the previous best, from the lifter's other sets."""
    if row.warmup or row.reps < 1:
        return []
    estimates = load_estimates()
    rows = session.connection().execute(_BESTS, {"user_id": row.user_id, "lift": row.lift_slug, "set_id": row.id,
                                                 "max_reps": estimates.max_reps,
                                                 "workout_id": row.session_id}).all()
    groups = [Lifted(Decimal(r.value), r.unit, r.reps, None if r.rpe is None else Decimal(r.rpe))
              for r in rows if r.kind == _HEAVIEST]
    volumes = [(Decimal(r.value), r.unit, r.session_id) for r in rows if r.kind == _VOLUME]
    workout_sets = [Lifted(Decimal(r.value), r.unit, r.reps) for r in rows if r.kind == _IN_WORKOUT]
    before = bests(groups, volumes, estimates)
    new = Lifted(row.weight, row.unit, row.reps, row.rpe)
    broken: list[dict[str, Any]] = []
    if new.weight > 0 and new.reps <= estimates.max_reps:
        best = before.rep_maxes.get(new.reps)
        if best is None or kg(new.weight, new.unit) > best[0]:
            broken.append({"record": REP_MAX, "reps": new.reps, "weight": number(new.weight),
                           "previous": _in(best and best[0], new.unit), "unit": new.unit})
    estimate = estimates.e1rm(new.weight, new.reps, new.rpe)
    if estimate is not None and (before.e1rm is None or kg(estimate, new.unit) > before.e1rm[0]):
        broken.append({"record": E1RM, "e1rm": shown(estimate),
                       "previous": _in(before.e1rm and before.e1rm[0], new.unit), "unit": new.unit})
    volume = _volume_now(row, workout_sets)
    if volume > 0 and (before.volume is None or kg(volume, new.unit) > before.volume[0]):
        broken.append({"record": SESSION_VOLUME, "volume": shown(volume),
                       "previous": _in(before.volume and before.volume[0], new.unit), "unit": new.unit})
    return broken


def _in(kg_value: Decimal | None, unit: str) -> Decimal | None:
    return None if kg_value is None else shown(Weight.of(kg_value, "kg").to(unit).value)


def _volume_now(row: LoggedSet, others: Sequence[Lifted]) -> Decimal:
    return sum((Weight.of(s.weight, s.unit).to(row.unit).value * s.reps for s in (*others, row)), Decimal(0))
