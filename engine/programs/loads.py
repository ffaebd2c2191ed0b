"""Load strategies: where a set's exact (unrounded) weight comes from.

Percent of a slot (a TM, a 1RM, a work weight; of this lift or another), of another
workout's prescribed load (Texas Method), of a set logged earlier in the session (J&T 2.0),
the RPE chart, a rep-target formula (CAP3), or nothing (the lifter chooses).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from engine.programs.e1rm import rpe_chart_percent, weight_for_reps
from engine.programs.model import Exercise, Load, LoadType, SetKind
from engine.programs.schemes import SetSpec
from engine.programs.units import Amount, Weight, format_decimal

HUNDRED = Decimal(100)
DEFAULT_LOAD = Load(type=LoadType.SLOT)


class LoadContext(Protocol):
    """What a load may read; prescribe implements it for one workout."""

    def slot_weight(self, slot_id: str) -> Weight | None: ...

    def slot_label(self, slot_id: str) -> str: ...

    def workout_load(self, workout_id: str, exercise_id: str, set_number: int) -> Weight | None: ...

    def session_load(self, exercise_id: str, set_number: int | None, before: int | None) -> Weight | None: ...


@dataclass(frozen=True)
class ExactLoad:
    weight: Weight | None
    percent: Decimal | None = None
    basis: str = ""


def effective_load(exercise: Exercise, spec: SetSpec) -> Load:
    """The group's load, else the exercise's; an MRS without one repeats the set before it."""
    load = spec.group.load or exercise.load
    if load is None and spec.group.kind is SetKind.MRS and spec.group.percent is None and spec.number > 1:
        return Load(type=LoadType.LOGGED, exercise=exercise.id)
    return load or DEFAULT_LOAD


def effective_percent(load: Load, spec: SetSpec) -> Decimal:
    if spec.group.percent is not None:
        return spec.group.percent
    return load.percent if load.percent is not None else HUNDRED


def scaled(base: Weight, percent: Decimal, add: Amount | None) -> Weight:
    weight = base.percent(percent)
    return weight.plus(add) if add is not None else weight


def resolve(exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    """The exact weight of one set (None when the lifter chooses it), with a readable basis."""
    if spec.group.kind is SetKind.RM_FIND:
        return ExactLoad(None, basis=f"work up to a {spec.group.reps}RM")
    load = effective_load(exercise, spec)
    resolver = _RESOLVERS[load.type]
    return resolver(load, exercise, spec, ctx)


def _slot(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    slot_id = load.of or exercise.slot
    base = ctx.slot_weight(slot_id) if slot_id else None
    percent = effective_percent(load, spec)
    if base is None:
        return ExactLoad(None, percent, basis="weight of your choice (no starting weight entered)")
    return ExactLoad(scaled(base, percent, load.add), percent, _basis(percent, ctx.slot_label(slot_id), load.add))


def _workout(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    assert load.workout and load.exercise
    base = ctx.workout_load(load.workout, load.exercise, load.set or 1)
    percent = effective_percent(load, spec)
    label = f"{load.workout} {load.exercise} load"
    if base is None:
        return ExactLoad(None, percent, basis=f"{format_decimal(percent)}% of the {label} (not set)")
    return ExactLoad(scaled(base, percent, load.add), percent, _basis(percent, label, load.add))


def _logged(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    exercise_id = load.exercise or exercise.id
    before = spec.number if exercise_id == exercise.id else None
    base = ctx.session_load(exercise_id, load.set, before)
    percent = effective_percent(load, spec)
    label = "your previous set" if exercise_id == exercise.id else f"your {exercise_id} set"
    if base is None:
        return ExactLoad(None, percent, basis=f"{format_decimal(percent)}% of {label}, once logged")
    return ExactLoad(scaled(base, percent, load.add), percent, _basis(percent, label, load.add))


def _rpe(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    slot_id = load.of or exercise.slot
    group = spec.group
    assert group.reps is not None and group.rpe is not None
    percent = rpe_chart_percent(group.reps, group.rpe)
    base = ctx.slot_weight(slot_id) if slot_id else None
    basis = f"{group.reps} reps @ RPE {format_decimal(group.rpe)}"
    if base is None:
        return ExactLoad(None, percent, basis=basis)
    basis = f"{basis}: {_basis(percent, ctx.slot_label(slot_id), None)}"
    return ExactLoad(scaled(base, percent, load.add), percent, basis)


def _rep_target(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    slot_id = load.of or exercise.slot
    reps = load.reps or spec.group.reps  # CAP3: a 10+ AMRAP at the 12-rep load
    assert reps is not None and load.formula is not None
    base = ctx.slot_weight(slot_id) if slot_id else None
    basis = f"the load for {reps} reps ({load.formula}) from {ctx.slot_label(slot_id) if slot_id else '?'}"
    if base is None:
        return ExactLoad(None, basis=basis)
    weight = Weight(weight_for_reps(base.value, reps, load.formula), base.unit)
    return ExactLoad(weight.plus(load.add) if load.add else weight, basis=basis)


def _user(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    return ExactLoad(None, basis="weight of your choice")


def _bodyweight(load: Load, exercise: Exercise, spec: SetSpec, ctx: LoadContext) -> ExactLoad:
    return ExactLoad(None, basis="bodyweight")


def _basis(percent: Decimal, label: str, add: Amount | None) -> str:
    text = label if percent == HUNDRED else f"{format_decimal(percent)}% of {label}"
    if add is not None:
        text += f" + {format_decimal(add.lb)} lb / {format_decimal(add.kg)} kg"
    return text


_RESOLVERS = {
    LoadType.SLOT: _slot,
    LoadType.WORKOUT: _workout,
    LoadType.LOGGED: _logged,
    LoadType.RPE: _rpe,
    LoadType.REP_TARGET: _rep_target,
    LoadType.USER: _user,
    LoadType.BODYWEIGHT: _bodyweight,
}
