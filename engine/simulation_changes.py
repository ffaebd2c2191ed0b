"""A progression change in words, for the simulator's output: what moved and by which rule.

``squat: 225 lb -> 230 lb (linear, after the session)``; a weight that drops is a deload, a
stage change names both stages by their sets (``5x3+ -> 6x2+``), a failure count shows its
count; a rule that ran and changed nothing visible says so instead of ``225 lb -> 225 lb``.
"""

from __future__ import annotations

from decimal import Decimal

from engine.programs import Program, SlotChange, Trigger, Weight
from engine.programs.loads import effective_load
from engine.programs.model import LoadType, SetList
from engine.programs.schemes import expand
from engine.programs.units import format_decimal

DISPLAY_QUANTUM = Decimal("0.01")
TRIGGER_WORDS = {
    Trigger.AFTER_SET: "after the set",
    Trigger.AFTER_SESSION: "after the session",
    Trigger.AFTER_WEEK: "after the week",
    Trigger.AFTER_CYCLE: "after the cycle",
    Trigger.ON_FAILURE: "on failure",
}


def weight_text(weight: Weight | None) -> str:
    """``185 lb`` (never ``185.0 lb``), to the hundredth: ``123.75 kg``; None: ``none``."""
    if weight is None:
        return "none"
    return f"{format_decimal(weight.value.quantize(DISPLAY_QUANTUM))} {weight.unit.value}"


def describe(change: SlotChange, program: Program) -> str:
    before, after = change.previous, change.new
    parts = []
    if before.weight != after.weight:
        verb = "deload " if _dropped(before.weight, after.weight) else ""
        parts.append(f"{verb}{weight_text(before.weight)} -> {weight_text(after.weight)}")
    if before.stage != after.stage:
        parts.append(f"stage {stage_name(program, change.slot, before.stage)} -> "
                     f"{stage_name(program, change.slot, after.stage)}")
    if before.failure_count != after.failure_count:
        parts.append(f"failures {before.failure_count} -> {after.failure_count}")
    what = "; ".join(parts) or f"held at {weight_text(after.weight)}"
    return f"{change.slot}: {what} ({change.rule}, {TRIGGER_WORDS.get(change.trigger, change.trigger)})"


def stage_name(program: Program, slot: str, stage: int) -> str:
    """A stage by its sets (``5x3+``), 1-based when the slot has no staged sets to name it by."""
    for workout in program.workouts.values():
        for exercise in workout.exercises:
            plan = exercise.sets
            if exercise.slot != slot or plan.stages is None:
                continue
            if stage < len(plan.stages):
                return sets_text(plan.stages[stage])
            return f"retest ({sets_text(plan.retest)})" if plan.retest else f"{stage + 1}"
    return str(stage + 1)


def sets_text(groups: SetList) -> str:
    """``5x3+``, ``1x5RM``, ``3xMR``; groups joined with ``, ``."""
    out = []
    for group in groups:
        if group.kind.value == "rm_find":
            reps = f"{group.reps}RM"
        elif group.reps is None:
            reps = "MR"
        else:
            reps = f"{group.reps}{'-' + str(group.reps_max) if group.reps_max else ''}{'+' if group.plus else ''}"
        out.append(f"{group.sets}x{reps}")
    return ", ".join(out)


def _dropped(before: Weight | None, after: Weight | None) -> bool:
    return before is not None and after is not None and after.to(before.unit).value < before.value


def follows_logged_sets(program: Program, workout_id: str) -> bool:
    """True when a set of the workout is loaded from a set logged before it (J&T's drop sets):
    its prescription changes as the workout is logged, so the simulator reads it again."""
    for exercise in program.workouts[workout_id].exercises:
        plan = exercise.sets
        lists = [plan.groups or (), plan.retest or (), *(plan.stages or ()),
                 *(program.lookups.get(plan.lookup, ()) if plan.lookup else ())]
        for groups in lists:
            if any(effective_load(exercise, spec).type is LoadType.LOGGED for spec in expand(groups)):
                return True
    return False
