"""The cascade, as the machine specs declare it: one handler interprets every machine's
``powerpro.reactions`` (a workout starts its week and cycle; finishing the week's last day
completes the week; the last week completes the cycle; a completed cycle puts the enrollment
BETWEEN_CYCLES). The guards and moves they name are ``engine.machines.cascade``'s vocabulary.

For one event, every reaction's guard is evaluated first, on the enrollment as the event found
it; then the enabled reactions run in order (machines from the enrollment down, each machine's
reactions as its file lists them): a reaction fires its trigger, logged like any transition,
then makes its move. A reaction whose trigger the machine's current state does not allow is
skipped, as a statechart discards an event it has no transition for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..db import repository
from ..db.models import UserProgramState
from ..db.unit_of_work import UnitOfWork
from ..events import Event
from ..machines import MachineSpec, Reaction, allowed_triggers
from ..machines.cascade import MOVES, Occasion
from ..programs.positions import position_payload
from ..transitions import transition

if TYPE_CHECKING:
    from ..context import Context


def reaction_events(machines: Mapping[str, MachineSpec]) -> list[str]:
    """Every event some reaction listens to, in the order the machines declare them."""
    return list(dict.fromkeys(r.on for spec in machines.values() for r in spec.reactions))


def react(event: Event, uow: UnitOfWork, ctx: Context) -> None:
    row = _enrollment(uow, event)
    occasion = Occasion(event, row, ctx.catalog.for_enrollment(uow.session, row))
    chosen = [(spec, reaction) for spec, reaction in _listening(ctx.machines.values(), event.name)
              if _enabled(spec, reaction, row, occasion)]
    for spec, reaction in chosen:
        if reaction.trigger is not None:
            transition(uow, spec, row, reaction.trigger, entity_id=row.id, user_id=row.user_id,
                       enrollment_id=row.id, payload={**position_payload(row), **_cause(event)})
        if reaction.move is not None:
            MOVES[reaction.move](row)


def _cause(event: Event) -> dict[str, str]:
    """The workout whose start or finish the reaction follows, carried up the cascade: the
    progressions of a week or cycle it completes belong to it (a correction re-derives them)."""
    workout_id = event.payload.get("workout_id")
    return {} if workout_id is None else {"workout_id": workout_id}


def _listening(machines: Iterable[MachineSpec], event_name: str) -> Iterable[tuple[MachineSpec, Reaction]]:
    return ((spec, r) for spec in machines for r in spec.reactions if r.on == event_name)


def _enabled(spec: MachineSpec, reaction: Reaction, row: UserProgramState, occasion: Occasion) -> bool:
    if reaction.trigger is not None and reaction.trigger not in allowed_triggers(spec, getattr(row, spec.column)):
        return False
    return reaction.holds(occasion)


def _enrollment(uow: UnitOfWork, event: Event) -> UserProgramState:
    row = repository.enrollment(uow.session, event.enrollment_id, lock=True)
    if row is None:
        raise LookupError(f"{event.name} names enrollment {event.enrollment_id}, which does not exist")
    return row
