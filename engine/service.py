"""The service layer's entry point: run one command in one unit of work, with its events.

``handle`` opens a unit of work, runs the command's handler, lets the bus handle every event
raised (the cascade and the progressions included), stores the read endpoints' answers of what
changed (``engine/handlers/stored_state.py``), reads the answer if asked, and commits once.
Any exception rolls the whole unit of work back: state, transition log, progressions.
A deadlock or a lost connection reruns it whole (``engine.db.retry``); the handlers lock rows
in one order (docs/decisions/0004-lock-order-and-retries.md) so that deadlocks stay rare.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from . import metrics
from .bus import MessageBus
from .commands import (
    AbandonWorkout,
    AdvanceWeek,
    Command,
    CorrectSet,
    DeleteSet,
    Enroll,
    FinishWorkout,
    LogSet,
    NextCycle,
    Quit,
    SetEquipment,
    StartWorkout,
    UpdateAccount,
    UpdateWorkout,
    account,
    corrections,
    enrollment,
    equipment,
    workouts,
)
from .context import Context
from .db import retry
from .events import COMMAND_EVENTS, SET_LOGGED, Event
from .handlers import cascade, prescription, progression, stored_state
from .machines import MachineEvent, MachineSpec
from .queries.answers import answer as answer_of, shown_in
from .transitions import collisions_refused

COMMAND_HANDLERS: Mapping[type, Callable[..., str]] = {
    Enroll: enrollment.enroll,
    Quit: enrollment.quit_,
    NextCycle: enrollment.next_cycle,
    AdvanceWeek: enrollment.advance_week,
    StartWorkout: workouts.start_workout,
    LogSet: workouts.log_set,
    FinishWorkout: workouts.finish_workout,
    AbandonWorkout: workouts.abandon_workout,
    CorrectSet: corrections.correct_set,
    DeleteSet: corrections.delete_set,
    UpdateAccount: account.update_account,
    UpdateWorkout: workouts.update_workout,
    SetEquipment: equipment.set_equipment,
}

# The cascade (the machines' declared reactions) is subscribed after these, to every event a
# reaction names: progressions read the position before the cascade moves it.
EVENT_HANDLERS: tuple[tuple[str, Callable[..., None]], ...] = (
    (SET_LOGGED, progression.after_set),
    (SET_LOGGED, prescription.represcribe_remaining),
    (MachineEvent.WORKOUT_COMPLETED, progression.after_session),
    (MachineEvent.WEEK_COMPLETED, progression.after_week),
    (MachineEvent.CYCLE_COMPLETED, progression.after_cycle),
)


@dataclass
class Outcome:
    """What a command did: its result (an id), the events it raised, the progressions applied
    and, when asked for, the answer: the view of what it changed, as committed."""

    result: str
    events: list[Event] = field(default_factory=list)
    progressions: list[Any] = field(default_factory=list)
    answer: dict[str, Any] | None = None
    # The unit every weight of ``answer`` is in: the owner's (engine/queries/answers.py).
    unit: str | None = None
    # A correction: the progressions it reverted before applying them again from the corrected sets.
    reverted: list[Any] = field(default_factory=list)


def build_bus(ctx: Context, machines: Mapping[str, MachineSpec]) -> MessageBus:
    known = COMMAND_EVENTS.union(*(spec.events for spec in machines.values()))
    bus = MessageBus(known)
    for event_name, handler in EVENT_HANDLERS:
        bus.subscribe(event_name, partial(handler, ctx=ctx))
    for event_name in cascade.reaction_events(machines):
        bus.subscribe(event_name, partial(cascade.react, ctx=ctx))
    return bus


def handle(ctx: Context, command: Command, *, answer: bool = False) -> Outcome:
    """Run ``command`` in one unit of work (rerun whole on a conflict); ``answer``: also read
    the view of what it changed (``engine.queries.answers``) in that same transaction."""
    return retry.run(partial(_handle_once, ctx, command, answer))


def _handle_once(ctx: Context, command: Command, answer: bool) -> Outcome:
    with ctx.uow() as uow, collisions_refused():
        result = COMMAND_HANDLERS[type(command)](command, uow, ctx)
        events = ctx.bus.dispatch(uow)
        stored_state.store_answers(uow, ctx)  # before the answer, which reuses what it stored
        view = answer_of(ctx, uow, command, result) if answer else None
        unit = shown_in(uow, command.user_id) if answer else None
        uow.commit()
    metrics.count_committed(uow.transitions, (change.rule_type for change in uow.progressions_applied))
    return Outcome(result, events, list(uow.progressions_applied), view, unit, list(uow.progressions_reverted))
