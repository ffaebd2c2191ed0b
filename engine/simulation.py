"""Simulate a program for an author: run a real enrollment through the service layer on an
in-memory SQLite database, so the weights and progressions shown are exactly the service's.

Nothing here prescribes or progresses by itself: it issues the commands a lifter's app would
(enroll, start, log every prescribed work set and skip the warm-ups, finish, next cycle) and reads the results. How the
lifter performs each set comes from a :class:`~engine.scenario.Scenario` through
:mod:`engine.simulated_lifter`.

Fast enough to run on every save (docs/programs.md, "Simulating"): a :class:`Simulator` loads
the specs once and migrates one template database once; every run copies the template into a
fresh in-memory database (SQLite's backup API) instead of migrating again.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from . import accounts
from .bootstrap import Services, Specs, load_specs
from .commands import Enroll, FinishWorkout, InputValue, LogSet, NextCycle, StartWorkout
from .config import Settings, settings as current_settings
from .db import repository
from .db.connection import make_engine
from .db.migrations import Migrator
from .db.models import WorkoutSession
from .db.stale import STALE
from .db.unit_of_work import UnitOfWork
from .lift_catalog import sync_lifts
from .machines import load_machines
from .program_catalog import ProgramCatalog
from .programs import PrescribedSet, Program, SlotChange, SlotState, Weight, cycle_positions
from .programs.lifts import load_lifts
from .programs.loader import load_program
from .scenario import Scenario
from .service import build_bus
from .simulated_lifter import Logged, entered_max, one_rep_max, perform
from .simulation_changes import describe, follows_logged_sets
from .spec_files import collector_paused


@dataclass(frozen=True)
class SimulatedSet:
    prescribed: PrescribedSet
    logged: Logged | None  # None: a warm-up, which the simulated lifter skips
    weight: Weight | None  # the weight lifted (the prescribed one, or the lifter's choice)


@dataclass(frozen=True)
class SimulatedChange:
    change: SlotChange
    text: str  # e.g. "squat: 225 lb -> 230 lb (linear-increase, after the session)"


@dataclass
class SimulatedWorkout:
    cycle: int
    week: int
    day: int  # 1-based
    name: str
    sets: list[SimulatedSet] = field(default_factory=list)
    changes: list[SimulatedChange] = field(default_factory=list)
    slots: dict[str, Weight | None] = field(default_factory=dict)  # each slot's weight as the workout started


class _AnswerlessUnitOfWork(UnitOfWork):
    """A unit of work that marks nothing stale, so no stored read answer is rendered: those are
    the HTTP reads' caches (engine/db/stale.py), nobody reads them here, and writing them was half
    of a run. Commands, events and progressions are exactly the service's."""

    def __enter__(self) -> UnitOfWork:
        super().__enter__()
        self.session.info.pop(STALE, None)
        return self

    def mark_stale(self, **_ids: str | None) -> None:
        pass


class _ScratchServices(Services):
    def uow(self) -> UnitOfWork:
        return _AnswerlessUnitOfWork(self.session_factory)


class Simulator:
    """Specs loaded once, one migrated template database; :meth:`run` as often as needed."""

    def __init__(self, settings: Settings | None = None, specs: Specs | None = None) -> None:
        self.settings = settings or current_settings()
        self._specs = specs
        self._lock = threading.Lock()  # one template, copied by any thread (the preview page's server)

    @classmethod
    def for_slug(cls, slug: str, settings: Settings | None = None) -> Simulator:
        """A simulator that parses only the machines, the lifts and ``specs/programs/<slug>.yaml``
        (a third of a command-line run went to parsing the other programs); every program when
        there is no such file, so that an unknown slug is answered with the known ones."""
        settings = settings or current_settings()
        path = settings.specs_dir / "programs" / f"{slug}.yaml"
        if not path.is_file():
            return cls(settings)
        with collector_paused():
            lifts = load_lifts(settings.specs_dir / "lifts.yaml")
            program = load_program(path, lifts)
            machines = load_machines(settings.specs_dir / "machines")
        return cls(settings, Specs(machines, lifts, {program.slug: program}))

    @cached_property
    def specs(self) -> Specs:
        return self._specs or load_specs(self.settings.specs_dir)

    @cached_property
    def _template(self) -> sqlite3.Connection:
        """A migrated database with the lift catalog, kept in memory for the copies."""
        with tempfile.TemporaryDirectory(prefix="powerpro-simulate-") as scratch:
            url = f"sqlite:///{Path(scratch) / 'template.db'}"
            with Migrator(url, self.settings.migrations_dir) as migrator:
                migrator.apply()
            engine = make_engine(url)
            services = Services(self.settings, engine, sessionmaker(engine, expire_on_commit=False))
            sync_lifts(services.uow(), ((lift.slug, lift.name) for lift in self.specs.lifts.values()))
            engine.dispose()
            template = sqlite3.connect(":memory:", check_same_thread=False)
            with sqlite3.connect(Path(scratch) / "template.db") as disk:
                disk.backup(template)
            disk.close()
        return template

    def program(self, slug: str) -> Program:
        """The loaded program ``slug``; UnknownProgram (a DomainError) when there is none."""
        return ProgramCatalog(self.specs.programs, self.specs.lifts).current(slug).program

    def services_for(self, programs: dict[str, Program]) -> Services:
        """Services on a fresh in-memory copy of the template, knowing ``programs`` (synced; none:
        every loaded program, not synced)."""
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        with self._lock:
            self._template.backup(connection)
        engine = make_engine("sqlite://", creator=lambda: connection)
        services = _ScratchServices(self.settings, engine, sessionmaker(engine, expire_on_commit=False),
                                    machines=self.specs.machines,
                                    catalog=ProgramCatalog(programs or self.specs.programs, self.specs.lifts))
        services.bus = build_bus(services, self.specs.machines)
        if programs:
            services.catalog.sync(services.uow())
        return services

    def run(self, program: Program | str, scenario: Scenario, *, cycles: int | None = None,
            options: Mapping[str, object] | None = None) -> Iterator[SimulatedWorkout]:
        """Every workout of ``cycles`` (else the scenario's, else 1) cycles of ``program`` (a slug,
        or a Program such as a file under edit), enrolled with ``options`` (by id, as a lifter
        sends them; the defaults fill in the rest). The scenario is checked against the program
        first: a mistake raises ScenarioError before anything runs."""
        if isinstance(program, str):
            program = self.program(program)
        cycles = cycles or scenario.cycles or 1
        scenario.check(program, cycles)
        services = self.services_for({program.slug: program})
        try:
            yield from _Run(services, program, scenario, cycles, dict(options or {})).workouts()
        finally:
            services.close()


def simulate(program: Program | str, scenario: Scenario, *, cycles: int | None = None,
             settings: Settings | None = None) -> list[SimulatedWorkout]:
    """One simulation, start to end (a new :class:`Simulator`: reuse one to run several)."""
    return list(Simulator(settings).run(program, scenario, cycles=cycles))


class _Run:
    """One enrollment, worked through as the scenario's lifter."""

    def __init__(self, services: Services, program: Program, scenario: Scenario, cycles: int,
                 options: dict[str, object]) -> None:
        self.services, self.program, self.scenario, self.cycles = services, program, scenario, cycles
        self.options = tuple(sorted(options.items()))
        self.unit = scenario.unit
        self.follows: dict[str, bool] = {}

    def workouts(self) -> Iterator[SimulatedWorkout]:
        os.environ.setdefault(accounts.FAST_HASHING_ENV, "1")  # a scratch account, never signed in to
        self.user_id = accounts.register(self.services.uow(), "simulated@powerpro.invalid", "simulated-lifter",
                                         weight_unit=self.unit.value, token_lifetime_seconds=60).account.id
        inputs = tuple(InputValue(k, w) for k, w in self.scenario.inputs(self.program).items())
        self.enrollment_id = self.services.handle(Enroll(self.user_id, self.program.slug, inputs, self.options)).result
        if self.options:  # the lifter's 1RM estimates read the program as enrolled (e.g. its TM percent)
            chosen = ProgramCatalog.chosen_options(self.program, self.options, self.unit.value)
            self.program = self.services.catalog.with_options(self.program, chosen)
        # A workout is handed out once nothing can change it: the last of a cycle after the next
        # cycle started (its AFTER_CYCLE changes belong to it).
        pending: SimulatedWorkout | None = None
        for cycle in range(1, self.cycles + 1):
            if pending is not None:
                pending.changes += self._changes(self.services.handle(NextCycle(self.user_id)).progressions)
            for week, day_index in cycle_positions(self.program):
                if pending is not None:
                    yield pending
                pending = self._workout(cycle, week, day_index + 1)
        if pending is not None:
            yield pending

    def _workout(self, cycle: int, week: int, day: int) -> SimulatedWorkout:
        handle = self.services.handle
        workout_id = handle(StartWorkout(self.user_id)).result
        states = slot_states(self.services, self.enrollment_id, self.unit.value)
        maxes = self._maxes(states)
        prescription = self._prescription(workout_id)
        done = SimulatedWorkout(cycle, week, day, prescription[0].workout if prescription else "",
                                slots={slot: state.weight for slot, state in states.items()})
        done.name = self.program.workouts[done.name].name if done.name in self.program.workouts else done.name
        for position in range(len(prescription)):
            item = prescription[position]
            if item.warmup:  # shown, never logged: like every lifter this project simulates (docs/programs.md)
                done.sets.append(SimulatedSet(item, None, item.weight))
                continue
            performance = self.scenario.performance(item.lift, cycle, week, day)
            current = maxes.get(item.slot) or entered_max(self.program, self.scenario, item.lift)
            logged = perform(item, performance, current, self.program, self.unit)
            outcome = handle(LogSet(self.user_id, workout_id, item.set_index, logged.reps,
                                    weight=None if logged.weight is None else logged.weight.value, rpe=logged.rpe))
            done.sets.append(SimulatedSet(item, logged, logged.weight or item.weight))
            done.changes += self._changes(outcome.progressions)
            if position + 1 < len(prescription) and self._follows_logged(item.workout):
                prescription = self._prescription(workout_id)  # loads that follow a logged set moved
        done.changes += self._changes(handle(FinishWorkout(self.user_id, workout_id)).progressions)
        return done

    def _follows_logged(self, workout_id: str) -> bool:
        if workout_id not in self.follows:
            self.follows[workout_id] = follows_logged_sets(self.program, workout_id)
        return self.follows[workout_id]

    def _prescription(self, workout_id: str) -> list[PrescribedSet]:
        with self.services.uow() as uow:
            return list(uow.session.get(WorkoutSession, workout_id).prescription or [])

    def _maxes(self, states: dict[str, SlotState]) -> dict[str | None, Weight]:
        """Each slot's 1RM as the lifter stands now (from the slot's current weight)."""
        return {slot: weight for slot, state in states.items()
                if slot in self.program.slots and (weight := one_rep_max(self.program, slot, state)) is not None}

    def _changes(self, changes: Sequence[SlotChange]) -> list[SimulatedChange]:
        return [SimulatedChange(c, describe(c, self.program)) for c in changes]


def slot_states(services: Services, enrollment_id: str, unit: str) -> dict[str, SlotState]:
    with services.uow() as uow:
        rows = repository.progression_states(uow.session, enrollment_id)
        return {row.slot: ProgramCatalog.slot_state(row, unit) for row in rows}
