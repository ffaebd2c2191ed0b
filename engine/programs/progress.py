"""Applying progression rules: the one entry point the service layer calls on each event.

``apply_progressions`` is pure: from the program, the trigger, the event and the slot states
it returns the changes, each with an idempotency key. The service layer writes a
``progression_logs`` row per change under a unique key, so replaying an event is a no-op;
passing the keys already applied (``applied``) gives the same answer without the database.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from engine.programs import model as m
from engine.programs.rules import family
from engine.programs.rules.base import RuleContext, driver_sets
from engine.programs.state import Performance, SlotChange, SlotState


def idempotency_key(enrollment_id: str, rule_id: str, slot: str, event_id: str) -> str:
    """One key per (enrollment, rule, slot, triggering event): a rule changes several slots on
    one event (a cycle's TM increases), and each change is applied exactly once."""
    return f"{enrollment_id}:{rule_id}:{slot}:{event_id}"


def apply_progressions(
    program: m.Program,
    trigger: m.Trigger | str,
    event_id: str,
    enrollment_id: str,
    slots: Mapping[str, SlotState],
    performance: Performance,
    applied: Collection[str] = frozenset(),
) -> list[SlotChange]:
    """Run every rule of ``trigger`` in file order over each of its slots.

    A later rule sees the state an earlier rule left (a linear increase, then a deload
    counter). Only real changes are returned; a hold is not a change. Keys in ``applied``
    are skipped: their effect is already in ``slots``."""
    trigger = m.Trigger(trigger)
    current = dict(slots)
    changes: list[SlotChange] = []
    for rule in program.rules_for(trigger):
        if not rule.runs_in(performance.week):
            continue
        for slot_id in rule.slots:
            key = idempotency_key(enrollment_id, rule.id, slot_id, event_id)
            if key in applied:
                continue
            before = current.get(slot_id, SlotState())
            sets = driver_sets(rule.driver, performance.for_slot(slot_id))
            after = family(rule.type).apply(rule, _context(program, slot_id, performance), before, sets)
            after = _stored(after)
            if after != before:
                slot = program.slots[slot_id]
                changes.append(SlotChange(slot_id, slot.lift, rule.id, rule.type, trigger, before, after, key))
                current[slot_id] = after
    return changes


def apply_changes(slots: Mapping[str, SlotState], changes: Iterable[SlotChange]) -> dict[str, SlotState]:
    """The slot states after ``changes`` (what the service layer persists)."""
    result = dict(slots)
    for change in changes:
        result[change.slot] = change.new
    return result


def _context(program: m.Program, slot_id: str, performance: Performance) -> RuleContext:
    slot = program.slots[slot_id]
    return RuleContext(
        slot=slot,
        lift=program.lifts[slot.lift],
        rounding=program.rounding,
        stages=_stages_of(program, slot_id),
        week=performance.week,
        session_id=performance.session_id,
    )


def _stages_of(program: m.Program, slot_id: str) -> tuple[m.SetList, ...] | None:
    for workout in program.workouts.values():
        for exercise in workout.exercises:
            if exercise.slot == slot_id and exercise.sets.stages is not None:
                return exercise.sets.stages
    return None


def _stored(state: SlotState) -> SlotState:
    """Weights as the database keeps them, so a replayed state compares equal."""
    return state if state.weight is None else state.with_(weight=state.weight.stored())
