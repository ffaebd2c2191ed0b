"""A transition that happens is three things in one unit of work: the state column changes,
a transition-log row is appended, and the event it emits is raised on the bus.

The log row's ``seq`` is the transition count kept on the entity's own row (``<machine>_seq``,
moved on by ``engine.machines.binding.fire`` in the UPDATE that writes the state), so appending
costs no read: the row was locked when the unit of work loaded it. Nothing is flushed here: the
state UPDATEs and the log INSERTs of a command go out together at its next flush. The log's
primary key (machine, entity_id, seq) stays the database's guard: a transition made on a copy
of the row that another request changed meanwhile collides on it, and ``collisions_refused``
turns that into ``ConcurrentTransition``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.exc import IntegrityError

from .db import repository
from .db.models import TransitionLogEntry, utcnow
from .db.unit_of_work import UnitOfWork
from .errors import DomainError
from .events import Event
from .machines import Fired, MachineSpec, fire


class ConcurrentTransition(DomainError):
    code = "concurrent_transition"


def transition(
    uow: UnitOfWork,
    spec: MachineSpec,
    row: object,
    trigger: str,
    *,
    entity_id: str,
    user_id: str,
    enrollment_id: str | None,
    payload: dict[str, Any] | None = None,
) -> Fired:
    """Fire ``trigger`` on the machine bound to ``row``, log it and raise its event."""
    fired = fire(spec, row, trigger)
    record(uow, fired, entity_id=entity_id, user_id=user_id, enrollment_id=enrollment_id, payload=payload)
    return fired


def record(
    uow: UnitOfWork,
    fired: Fired,
    *,
    entity_id: str,
    user_id: str,
    enrollment_id: str | None,
    payload: dict[str, Any] | None = None,
) -> None:
    """Append the log row and raise the event of a transition that already happened."""
    repository.add_transition(
        uow.session,
        machine=fired.machine,
        entity_id=entity_id,
        seq=fired.seq,
        user_id=user_id,
        transition=fired.trigger,
        from_state=fired.from_state,
        to_state=fired.to_state,
        event=fired.event,
        payload=payload or {},
        created_at=utcnow(),
    )
    uow.transitions.append((fired.machine, fired.event))
    if fired.event:
        uow.raise_event(
            Event(
                name=fired.event,
                user_id=user_id,
                enrollment_id=enrollment_id,
                event_id=f"{fired.machine}:{entity_id}:{fired.seq}",
                payload={"entity_id": entity_id, **(payload or {})},
            )
        )


@contextmanager
def collisions_refused() -> Iterator[None]:
    """A transition-log row that collides on its key (whichever flush sends it) is a transition
    another request made first: refused as ``ConcurrentTransition``, everything rolled back."""
    try:
        yield
    except IntegrityError as exc:
        if TransitionLogEntry.__tablename__ not in str(exc.statement or ""):
            raise
        raise ConcurrentTransition(
            "Another request changed this at the same time; fetch it again and retry.", {}
        ) from exc
