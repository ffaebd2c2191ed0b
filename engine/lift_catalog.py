"""The lift catalog in the database, and whether the database answers at all.

``specs/lifts.yaml`` is the source of the catalog; start-up mirrors it into the ``lifts``
table with ``sync_lifts`` so foreign keys (maxes, logged sets) have rows to point at.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .db import upsert
from .db.models import Lift
from .db.unit_of_work import UnitOfWork
from .errors import DomainError


class UnknownLift(DomainError):
    code = "unknown_lift"


def sync_lifts(uow: UnitOfWork, lifts: Iterable[tuple[str, str]]) -> int:
    """Insert or rename each ``(slug, name)``; lifts no longer listed stay, as rows refer to them.
    Safe in any number of processes at once (see ``engine.db.upsert``); how many rows changed."""
    with uow:
        changed = upsert.insert_or_update(uow.session, Lift, ({"slug": slug, "name": name} for slug, name in lifts),
                                          key="slug")
        uow.commit()
    return changed


def list_lifts(uow: UnitOfWork) -> list[tuple[str, str]]:
    with uow:
        return sorted(lift_names(uow.session).items())


def lift_names(session: Session) -> dict[str, str]:
    """slug -> name of every lift, read inside the caller's open unit of work."""
    return dict(session.execute(select(Lift.slug, Lift.name)).all())


def database_reachable(uow: UnitOfWork) -> bool:
    try:
        with uow:
            uow.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def require_lift(known: Iterable[str], lift: str | None) -> None:
    """Refuse a lift slug that is not in the catalog (None: no lift asked for)."""
    known = sorted(known)
    if lift is not None and lift not in known:
        raise UnknownLift(f"There is no lift {lift!r}. Use one of the lift slugs from GET /lifts.",
                          {"lift": lift, "known_lifts": known})
