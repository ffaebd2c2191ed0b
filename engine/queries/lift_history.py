"""A lift's history per training day, for a progress chart: the top set, the best estimated 1RM,
the volume and the number of hard sets of each day a lifter trained it, newest first.

A training day is a UTC calendar day of ``logged_at``. Warm-ups never count; legacy sets do.
Every figure is shown in the user's unit (sets lifted in the other unit are converted exactly).
``specs/estimates.yaml`` says how a set's e1RM is worked out and what makes a set hard.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from ..db import repository
from ..db.models import LoggedSet
from ..db.unit_of_work import UnitOfWork
from ..programs.estimates import Estimates, load_estimates
from ..programs.units import Weight
from .history import SetFilter
from .records import shown
from .state import Page, number


def lift_history(uow: UnitOfWork, user_id: str, lift: str, limit: int, offset: int,
                 since: date | None = None, until: date | None = None) -> Page:
    where = SetFilter(lift=lift, since=since, until=until)
    query = (select(LoggedSet.weight, LoggedSet.unit, LoggedSet.reps, LoggedSet.rpe, LoggedSet.logged_at,
                    LoggedSet.id)
             .where(LoggedSet.user_id == user_id, LoggedSet.warmup.is_(False), *where.where())
             .order_by(LoggedSet.logged_at, LoggedSet.id))
    with uow:
        session = uow.session
        user = repository.user(session, user_id)
        unit = user.weight_unit if user else "lb"
        days: dict[date, list] = {}
        for row in session.execute(query):
            days.setdefault(row.logged_at.date(), []).append(row)
    estimates = load_estimates()
    newest_first = sorted(days, reverse=True)
    page = newest_first[offset:offset + limit]
    return Page([_day(day, days[day], unit, estimates) for day in page], len(newest_first))


def _day(day: date, rows: list, unit: str, estimates: Estimates) -> dict[str, Any]:
    sets = [(Weight.of(r.weight, r.unit).to(unit).value, r) for r in rows]
    estimated = [e for e in (estimates.e1rm(w, r.reps, r.rpe) for w, r in sets) if e is not None]
    best = max(estimated, default=None)
    # The top set: the heaviest, then the most reps, then the first logged.
    _, (top_weight, top) = max(enumerate(sets), key=lambda item: (item[1][0], item[1][1].reps, -item[0]))
    return {
        "date": day.isoformat(),
        "unit": unit,
        "top_set": {"set_id": top.id, "weight": shown(top_weight), "unit": unit, "reps": top.reps,
                    "rpe": number(top.rpe)},
        "e1rm": None if best is None else shown(best),
        "volume": shown(sum((w * r.reps for w, r in sets), Decimal(0))),
        "sets": len(sets),
        "hard_sets": sum(1 for w, r in sets if r.reps > 0 and estimates.hard(w, r.rpe, best)),
    }
