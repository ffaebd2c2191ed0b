"""A transition that happens is three things in one unit of work: the state column changes,
a transition-log row is appended, and the event it emits is raised on the bus.

The log's primary key (machine, entity_id, seq) is the database's guard: two concurrent
transitions of one entity compute the same ``seq`` and only one can commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError

from .db import repository
from .db.models import TransitionLogEntry
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
    session = uow.session
    seq = repository.next_log_seq(session, fired.machine, entity_id)
    session.add(
        TransitionLogEntry(
            machine=fired.machine,
            entity_id=entity_id,
            seq=seq,
            user_id=user_id,
            transition=fired.trigger,
            from_state=fired.from_state,
            to_state=fired.to_state,
            event=fired.event,
            payload=payload or {},
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        raise ConcurrentTransition(
            f"Another request changed this {fired.machine} at the same time; fetch it again and retry.",
            {"machine": fired.machine, "entity_id": entity_id},
        ) from exc
    uow.transitions.append((fired.machine, fired.event))
    if fired.event:
        uow.raise_event(
            Event(
                name=fired.event,
                user_id=user_id,
                enrollment_id=enrollment_id,
                event_id=f"{fired.machine}:{entity_id}:{seq}",
                payload={"entity_id": entity_id, **(payload or {})},
            )
        )
