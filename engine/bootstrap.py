"""Builds the engine once per process: database, unit-of-work factory, specs and the bus.

The API and the CLI both start here, so a process loads and validates every spec once,
at start-up, and refuses to start on an invalid one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .config import Settings, settings as current_settings
from .db.connection import make_engine
from .db.unit_of_work import UnitOfWork


@dataclass
class Services:
    settings: Settings
    db: Engine
    session_factory: sessionmaker[Session]

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.session_factory)

    def close(self) -> None:
        self.db.dispose()


def bootstrap(settings: Settings | None = None, db: Engine | None = None) -> Services:
    settings = settings or current_settings()
    db = db or make_engine(settings.database_url)
    return Services(
        settings=settings,
        db=db,
        session_factory=sessionmaker(db, expire_on_commit=False),
    )
