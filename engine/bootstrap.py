"""Builds the engine once per process: database, unit-of-work factory, specs and the bus.

The API and the CLI both start here, so a process loads and validates every spec once, at
start-up, and refuses to start on an invalid one (``SpecErrors`` lists every mistake).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .bus import MessageBus
from .commands import Command
from .config import Settings, settings as current_settings
from .db import retry
from .db.connection import make_engine
from .db.unit_of_work import ReadUnit, UnitOfWork
from .handlers.stored_state import store_answers
from .lift_catalog import sync_lifts
from .machines import MachineSpec, load_machines
from .machines.columns import column_errors
from .program_catalog import ProgramCatalog
from .programs import Lift, Program, load_lifts, load_programs
from .service import Outcome, build_bus, handle
from .spec_files import SpecErrors, collector_paused


@dataclass
class Services:
    settings: Settings
    db: Engine
    session_factory: sessionmaker[Session]
    machines: Mapping[str, MachineSpec] = field(default_factory=dict)
    catalog: ProgramCatalog | None = None
    bus: MessageBus | None = None

    def uow(self) -> UnitOfWork:
        # Whatever a unit of work changed, its stored answers are written again before it commits.
        return UnitOfWork(self.session_factory, before_commit=self._store_answers)

    def _store_answers(self, uow: UnitOfWork) -> None:
        store_answers(uow, self)

    def reads(self) -> ReadUnit:
        """A read transaction (deferred on SQLite) for queries; ``close()`` it when done."""
        return ReadUnit(self.session_factory)

    def handle(self, command: Command, *, answer: bool = False) -> Outcome:
        return handle(self, command, answer=answer)

    def spec_versions(self) -> dict[str, Any]:
        """What /health reports: the machines loaded and each program's content hash."""
        programs = self.catalog.programs if self.catalog else {}
        return {
            "machines": sorted(self.machines),
            "programs": {slug: program.version for slug, program in sorted(programs.items())},
        }

    def close(self) -> None:
        self.db.dispose()


@dataclass(frozen=True)
class Specs:
    machines: dict[str, MachineSpec]
    lifts: dict[str, Lift]
    programs: dict[str, Program]


def load_specs(specs: Path) -> Specs:
    """Every spec under ``specs``, loaded and validated; SpecErrors lists every mistake."""
    with collector_paused():
        machines = load_machines(specs / "machines")
        lifts = load_lifts(specs / "lifts.yaml")
        return Specs(machines, lifts, load_programs(specs / "programs", lifts))


def bootstrap(settings: Settings | None = None, db: Engine | None = None, *, sync: bool = True) -> Services:
    """Load and validate every spec, then (``sync``) check the machines' states against the
    database's CHECK constraints and mirror lifts and program versions into it; it must be migrated."""
    settings = settings or current_settings()
    specs = load_specs(settings.specs_dir)
    machines, lifts = specs.machines, specs.lifts
    db = db or make_engine(settings.database_url)
    services = Services(
        settings=settings,
        db=db,
        session_factory=sessionmaker(db, expire_on_commit=False),
        machines=machines,
        catalog=ProgramCatalog(specs.programs, lifts),
    )
    services.bus = build_bus(services, machines)
    if sync:
        # Rerun whole, like a command: servers starting together on one SQLite file may find it
        # locked by each other's sync longer than the busy timeout (it is idempotent).
        retry.rerun_on_conflict(lambda: _sync(services, specs, settings))
    return services


def _sync(services: Services, specs: Specs, settings: Settings) -> None:
    errors = column_errors(specs.machines.values(), services.db, settings.migrations_dir, live=True)
    if errors:
        raise SpecErrors(errors)
    sync_lifts(services.uow(), ((lift.slug, lift.name) for lift in specs.lifts.values()))
    services.catalog.sync(services.uow())
