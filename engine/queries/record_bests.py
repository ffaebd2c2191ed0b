"""The lifter's bests kept on the workout in progress, so that a log-set says which records its
set broke (engine/queries/records.py says what a record is) without reading the lifter's history.

``workout_sessions.record_bests`` (migration 00044) holds, for each lift the workout prescribes,
what the records of its next set are compared with: the heaviest load per rep count and the best
e1RM among the lifter's work sets of the lift, the best session volume among their other
workouts (all in kg, exact), and this workout's work sets of the lift so far (its volume now).
The workout's first work set reads them from the history, for every lift the workout
prescribes, in one grouped statement (a start does not: it stays within its budget, and a
workout abandoned before any set never needs them); each later log-set moves them on by its
set, and they are written in the UPDATE that already writes the workout's answer
(``repository.write_answer``). Whatever else changes logged sets (a correction, a deletion, an
import) forgets them (``engine/db/logged_sets.py``): a log-set that finds none, or finds them
worked out with another estimates spec, reads the history again, as the first set did.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, literal, literal_column, null, select, union_all
from sqlalchemy.orm import Session

from ..db.logged_sets import keep_bests
from ..db.models import LoggedSet, UserProgramState, WorkoutSession
from ..db.types import PrescribedSets
from ..programs import PrescribedSet
from ..programs.estimates import Estimates, load_estimates
from ..programs.units import STORAGE_QUANTUM, Weight, to_decimal
from .records import Before, Lifted, broken_by, counted, kg

_BROKEN = "powerpro.records_broken"  # session.info: set id -> the records it broke, worked out when logged
RPE_QUANTUM = Decimal("0.1")  # logged_sets.rpe is NUMERIC(3, 1)


@dataclass(frozen=True)
class LiftBests:
    """One lift's bests before the next set (kg), and this workout's work sets of it so far."""

    rep_maxes: dict[int, Decimal] = field(default_factory=dict)
    e1rm: Decimal | None = None
    volume: Decimal | None = None  # the best of the lifter's other workouts (and legacy sessions)
    sets: tuple[tuple[Decimal, str, int], ...] = ()  # (weight, unit, reps), as stored

    def before(self) -> Before:
        """What a new set is compared with: this workout's volume so far counts as a session's."""
        volume = self.volume
        for unit, total in _per_unit(self.sets).items():
            if total > 0 and (volume is None or kg(total, unit) > volume):
                volume = kg(total, unit)
        return Before(self.rep_maxes, self.e1rm, volume)

    def volume_with(self, row: Lifted) -> Decimal:
        """This workout's volume of the lift with ``row`` in it, each set in ``row``'s unit."""
        sets = (*self.sets, (row.weight, row.unit, row.reps))
        return sum((Weight.of(w, u).to(row.unit).value * r for w, u, r in sets), Decimal(0))

    def moved_on(self, row: Lifted, estimates: Estimates) -> LiftBests:
        """The bests once ``row`` (a work set) is logged, its values as the database keeps them."""
        weight = to_decimal(row.weight).quantize(STORAGE_QUANTUM, rounding=ROUND_HALF_UP)
        rpe = None if row.rpe is None else to_decimal(row.rpe).quantize(RPE_QUANTUM, rounding=ROUND_HALF_UP)
        bests = self.lifted(Lifted(weight, row.unit, row.reps, rpe), estimates)
        return replace(bests, sets=(*self.sets, (weight, row.unit, row.reps)))

    def lifted(self, row: Lifted, estimates: Estimates) -> LiftBests:
        """The heaviest load for its reps and the best e1RM, with ``row`` (a set or a group's heaviest)."""
        load, e1rm, _ = counted(row, estimates)
        rep_maxes = self.rep_maxes
        if load is not None and (row.reps not in rep_maxes or load > rep_maxes[row.reps]):
            rep_maxes = {**rep_maxes, row.reps: load}
        if e1rm is None or (self.e1rm is not None and e1rm <= self.e1rm):
            e1rm = self.e1rm  # a record is beaten, not matched
        return replace(self, rep_maxes=rep_maxes, e1rm=e1rm)


def _per_unit(sets: Iterable[tuple[Decimal, str, int]]) -> dict[str, Decimal]:
    """A workout's volume per unit its sets were lifted in (the history's sessions are grouped so)."""
    totals: dict[str, Decimal] = {}
    for weight, unit, reps in sets:
        totals[unit] = totals.get(unit, Decimal(0)) + weight * reps
    return totals


# --- the records a set broke ---------------------------------------------------------------------

def track(session: Session, workout: WorkoutSession, row: LoggedSet) -> None:
    """Work out the records the set ``row`` (just logged in ``workout``) broke, kept for the
    answer (``broken``), and the workout's bests moved on by it, kept for the UPDATE that writes
    the workout's answer. Every log-set runs it, answered or not, so the bests never miss a set."""
    if row.warmup:
        keep_bests(session, workout.id, None)  # warm-ups count for no record, nor for volume
        return
    estimates = load_estimates()
    lifts = decoded(workout.record_bests, estimates)
    if lifts is None or row.lift_slug not in lifts:
        if row.reps < 1:
            keep_bests(session, workout.id, None)  # it breaks nothing: the history is not read for it
            return
        lifts = read(session, row.user_id, workout.id, _work_lifts(workout.prescription) | {row.lift_slug},
                     estimates, row.id)
    lifted = Lifted(row.weight, row.unit, row.reps, row.rpe)
    bests = lifts[row.lift_slug]
    session.info.setdefault(_BROKEN, {})[row.id] = broken_by(lifted, bests.before(), bests.volume_with(lifted),
                                                             estimates)
    moved_on = {**lifts, row.lift_slug: bests.moved_on(lifted, estimates)}
    keep_bests(session, workout.id, encoded(moved_on, estimates))


def broken(session: Session, row: LoggedSet) -> list[dict[str, Any]]:
    """The records the set ``row`` broke, as ``track`` found them when it was logged."""
    return session.info.get(_BROKEN, {}).get(row.id, [])


def _work_lifts(prescription: Sequence[PrescribedSet] | None) -> set[str]:
    """The lifts of a prescription's work sets, decoding no stored set (``types.fields_at``)."""
    if not isinstance(prescription, PrescribedSets):
        return {p.lift for p in prescription or () if not p.warmup}
    fields = (prescription.fields_at(p) for p in range(len(prescription)))
    return {f["lift"] for f in fields if not f["warmup"]}


# --- carried from one workout to the next -----------------------------------------------------------

def carry_on(enrollment: UserProgramState, workout: WorkoutSession) -> None:
    """At the end of a workout (finished or abandoned, its sets count alike): the enrollment takes
    its bests, past its every set (its volume one of the other workouts' now), for the next workout
    to start with. A workout that kept none (no work set, or forgotten with the enrollment's: a
    correction) leaves the enrollment's as they are."""
    estimates = load_estimates()
    ended = decoded(workout.record_bests, estimates)
    if ended is None:
        return
    past = encoded({slug: LiftBests(bests.rep_maxes, bests.e1rm, bests.before().volume)
                    for slug, bests in ended.items()}, estimates)
    carried = enrollment.record_bests
    if _of_spec(carried, estimates):
        past["lifts"] = dict(sorted({**carried["lifts"], **past["lifts"]}.items()))
    enrollment.record_bests = past


def to_start_with(enrollment: UserProgramState, prescription: Sequence[PrescribedSet]) -> dict[str, Any] | None:
    """The bests a new workout of ``prescription`` starts with: the enrollment's carried ones, when
    they hold every lift its work sets prescribe (taken as stored); else None, and its first work
    set reads them."""
    carried = enrollment.record_bests
    if not _of_spec(carried, load_estimates()):
        return None
    lifts = _work_lifts(prescription)
    if not lifts <= carried["lifts"].keys():
        return None
    return {"estimates": carried["estimates"], "lifts": {slug: carried["lifts"][slug] for slug in sorted(lifts)}}


# --- stored as JSON: decimals as exact strings ---------------------------------------------------

@cache
def _spec_key(estimates: Estimates) -> str:
    """Which estimates spec the e1RMs were worked out with: bests worked out with another are read again."""
    return hashlib.sha256(repr(estimates).encode()).hexdigest()[:16]


def _of_spec(stored: dict[str, Any] | None, estimates: Estimates) -> bool:
    """Whether stored bests are there, worked out with this estimates spec."""
    return stored is not None and stored.get("estimates") == _spec_key(estimates)


def encoded(lifts: dict[str, LiftBests], estimates: Estimates) -> dict[str, Any]:
    return {"estimates": _spec_key(estimates), "lifts": {slug: {
        "rep_maxes": {str(reps): str(load) for reps, load in sorted(bests.rep_maxes.items())},
        "e1rm": _text(bests.e1rm), "volume": _text(bests.volume),
        "sets": [[str(weight), unit, reps] for weight, unit, reps in bests.sets],
    } for slug, bests in sorted(lifts.items())}}


def decoded(stored: dict[str, Any] | None, estimates: Estimates) -> dict[str, LiftBests] | None:
    """The stored bests, or None: none stored, or worked out with another estimates spec."""
    if not _of_spec(stored, estimates):
        return None
    return {slug: LiftBests({int(reps): Decimal(load) for reps, load in lift["rep_maxes"].items()},
                            _decimal(lift["e1rm"]), _decimal(lift["volume"]),
                            tuple((Decimal(weight), unit, reps) for weight, unit, reps in lift["sets"]))
            for slug, lift in stored["lifts"].items()}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- read from the history -----------------------------------------------------------------------

# What each row of the bests query is (its last column).
_HEAVIEST, _VOLUME, _IN_WORKOUT = 0, 1, 2


def _bests_query():
    """Per lift: the heaviest weight per (reps, unit, RPE) and the best session volume per unit
    among a lifter's work sets in other workouts, and the work sets of the workout (less one set:
    a log-set's own, when it reads them): built once, its values bound per call. The lifter's sets
    of the lifts are found once (a CTE: one index scan on both engines, where a union of three
    filtered selects scanned three times)."""
    mine = (select(LoggedSet.lift_slug, LoggedSet.reps, LoggedSet.unit, LoggedSet.rpe, LoggedSet.weight,
                   LoggedSet.session_id)
            .where(LoggedSet.user_id == bindparam("user_id"),
                   LoggedSet.lift_slug.in_(bindparam("lifts", expanding=True)),
                   LoggedSet.warmup.is_(False), LoggedSet.id != bindparam("set_id"))
            .cte("mine"))
    heaviest = (select(mine.c.lift_slug, mine.c.reps, mine.c.unit, mine.c.rpe, func.max(mine.c.weight).label("value"),
                       literal_column(str(_HEAVIEST)).label("kind"))
                .where(mine.c.reps.between(1, bindparam("max_reps")), mine.c.weight > 0)
                .group_by(mine.c.lift_slug, mine.c.reps, mine.c.unit, mine.c.rpe))
    # The best session volume per unit (a unit's volumes convert to kg in the same order, so its
    # largest is the one that counts): one row per lift and unit, not one per workout.
    per_session = (select(mine.c.lift_slug, mine.c.unit, func.sum(mine.c.weight * mine.c.reps).label("volume"))
                   .where(mine.c.session_id != bindparam("workout_id"))
                   .group_by(mine.c.lift_slug, mine.c.session_id, mine.c.unit).subquery())
    volumes = (select(per_session.c.lift_slug, literal(0).label("reps"), per_session.c.unit, null().label("rpe"),
                      func.max(per_session.c.volume).label("value"), literal_column(str(_VOLUME)).label("kind"))
               .group_by(per_session.c.lift_slug, per_session.c.unit))
    in_workout = (select(mine.c.lift_slug, mine.c.reps, mine.c.unit, null().label("rpe"), mine.c.weight.label("value"),
                         literal_column(str(_IN_WORKOUT)).label("kind"))
                  .where(mine.c.session_id == bindparam("workout_id")))
    return union_all(heaviest, volumes, in_workout)


_BESTS = _bests_query()


def read(session: Session, user_id: str, workout_id: str, lifts: set[str], estimates: Estimates,
         set_id: str = "") -> dict[str, LiftBests]:
    """The bests of ``lifts`` before the set ``set_id`` (none: before the next set) of the workout,
    from the lifter's history, in one statement on the session's connection (plain rows)."""
    if not lifts:
        return {}
    rows = session.connection().execute(_BESTS, {"user_id": user_id, "lifts": sorted(lifts), "set_id": set_id,
                                                 "max_reps": estimates.max_reps, "workout_id": workout_id}).all()
    found = {slug: LiftBests() for slug in lifts}
    for r in rows:
        bests, value = found[r.lift_slug], Decimal(r.value)
        if r.kind == _HEAVIEST:
            rpe = None if r.rpe is None else Decimal(r.rpe)
            found[r.lift_slug] = bests.lifted(Lifted(value, r.unit, r.reps, rpe), estimates)
        elif r.kind == _VOLUME:
            if value > 0 and (bests.volume is None or kg(value, r.unit) > bests.volume):
                found[r.lift_slug] = replace(bests, volume=kg(value, r.unit))
        else:
            found[r.lift_slug] = replace(bests, sets=(*bests.sets, (value, r.unit, r.reps)))
    return found
