"""Simulate a program for an author: run real enrollments through the service layer on a
scratch SQLite database, so the weights and progressions printed are exactly the service's.

Nothing here prescribes or progresses by itself: it only issues the commands a lifter's app
would (enroll, start, log every prescribed set, finish, next cycle) and reads the results.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import accounts
from .bootstrap import Services, bootstrap
from .commands import Enroll, FinishWorkout, InputValue, LogSet, NextCycle, StartWorkout
from .config import Settings
from .db import repository
from .db.migrations import Migrator
from .db.models import WorkoutSession
from .programs import PrescribedSet, Weight, cycle_positions


@dataclass(frozen=True)
class Failure:
    """Log this lift's sets short of their target in the workout at week/day (1-based day)."""

    lift: str
    week: int
    day: int


@dataclass
class SimulatedWorkout:
    cycle: int
    week: int
    day_index: int
    name: str
    sets: list[PrescribedSet]
    progressions: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    slots: dict[str, Weight | None] = field(default_factory=dict)  # each slot's weight after the workout


def simulate(
    slug: str,
    maxes: Mapping[str, Weight],
    *,
    cycles: int = 1,
    failures: Iterable[Failure] = (),
    unit: str = "lb",
    specs_dir: Path | None = None,
) -> Iterator[SimulatedWorkout]:
    """Every workout of ``cycles`` cycles of ``slug``; ``maxes`` by input id or by lift slug."""
    with tempfile.TemporaryDirectory(prefix="powerpro-simulate-") as scratch:
        services = _scratch_services(Path(scratch), specs_dir)
        try:
            yield from _run(services, slug, maxes, cycles, set(failures), unit)
        finally:
            services.close()


def _scratch_services(scratch: Path, specs_dir: Path | None) -> Services:
    url = f"sqlite:///{scratch / 'simulate.db'}"
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    settings = Settings(database_url=url, **({"specs_dir": specs_dir} if specs_dir else {}))
    return bootstrap(settings)


def _run(services: Services, slug, maxes, cycles, failures, unit) -> Iterator[SimulatedWorkout]:
    os.environ.setdefault(accounts.FAST_HASHING_ENV, "1")  # a scratch account, never signed in to
    program = services.catalog.current(slug).program
    user_id = accounts.register(services.uow(), "simulated@powerpro.invalid", "simulated-lifter",
                                weight_unit=unit, token_lifetime_seconds=60).account.id
    services.handle(Enroll(user_id, slug, _inputs(program, maxes)))
    for cycle in range(1, cycles + 1):
        if cycle > 1:
            services.handle(NextCycle(user_id))
        for week, day_index in cycle_positions(program):
            yield _workout(services, user_id, cycle, week, day_index, failures)


def _workout(services, user_id, cycle, week, day_index, failures) -> SimulatedWorkout:
    started = services.handle(StartWorkout(user_id))
    with services.uow() as uow:
        prescription = uow.session.get(WorkoutSession, started.result).prescription
    events = [e.name for e in started.events]
    for item in prescription:
        failed = Failure(item.lift, week, day_index + 1) in failures
        reps = item.target_reps or item.min_reps or 1
        logged = services.handle(LogSet(user_id, started.result, item.set_index, max(reps - 1, 0) if failed else reps,
                                         weight=None if item.weight is not None else 0))
        events += [e.name for e in logged.events]
    finished = services.handle(FinishWorkout(user_id, started.result))
    name = prescription[0].workout if prescription else ""
    changes = [f"{c.slot} {c.previous_weight} -> {c.new_weight} ({c.rule}, {c.trigger})" for c in finished.progressions]
    return SimulatedWorkout(cycle, week, day_index, name, prescription, changes,
                            events + [e.name for e in finished.events], _slots(services, started.result))


def _slots(services: Services, workout_id: str) -> dict[str, Weight | None]:
    """The tracked weights after the workout (the preview page charts them)."""
    with services.uow() as uow:
        enrollment = uow.session.get(WorkoutSession, workout_id).user_program_state_id
        rows = repository.progression_states(uow.session, enrollment)
        return {row.slot: services.catalog.slot_state(row, "lb").weight for row in rows}


def _inputs(program, maxes: Mapping[str, Weight]) -> tuple[InputValue, ...]:
    """``--max`` names an input id, or a lift: then every input of that lift takes the value."""
    values = []
    for spec in program.inputs.values():
        weight = maxes.get(spec.id) or maxes.get(spec.lift)
        if weight is not None:
            values.append(InputValue(spec.id, weight))
    return tuple(values)
