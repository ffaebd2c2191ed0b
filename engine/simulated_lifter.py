"""The simulated lifter: what a person logs for one prescribed set, given the scenario's say.

Pure: the simulator (engine/simulation.py) passes the set, the scenario's :class:`Performance`
there and the lifter's current max of the lift; this module answers reps, weight and RPE.

- A set with a weight is lifted at that weight; a weight left to the lifter (a rep-max find,
  a 1RM test, lifter's choice) is the ``choice``: ``target`` is the load the current max gives
  for the set's reps (Epley), ``P%`` that load times P/100, or a fixed weight; rounded to the
  program's plates.
- AMRAP and max-rep sets: ``amrap`` reps (``+N`` over the minimum, or N); a max-rep set with no
  minimum has as its minimum the reps its load allows from the current max (Epley), else
  :data:`OPEN_REPS`. A rep range is worked to its bottom plus ``+N``, never past its top.
- RPE sets are logged with the scenario's RPE, else the set's target.
- ``fail``: every work set that many reps short of its minimum (warm-ups are never failed).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from engine.programs import PrescribedSet, SetKind, Weight
from engine.programs.e1rm import Formula, estimate_max, weight_for_reps
from engine.programs.model import Program
from engine.programs.rounding import RoundingMode, round_in_unit
from engine.programs.state import SlotState
from engine.programs.units import EMPTY_BAR, Unit
from engine.scenario import ChoiceKind, Performance, Scenario

OPEN_REPS = 10  # a max-rep set whose load says nothing about the lifter's reps (bodyweight, no max)
FORMULA = Formula.EPLEY


@dataclass(frozen=True)
class Logged:
    """What is sent for one set: reps, the weight (None: the prescribed one) and the RPE."""

    reps: int
    weight: Weight | None = None
    rpe: Decimal | None = None


def perform(item: PrescribedSet, performance: Performance, current_max: Weight | None, program: Program,
            unit: Unit) -> Logged:
    """The lifter's log of ``item``: see the module docstring."""
    weight = None if item.weight is not None else chosen_weight(item, performance, current_max, program, unit)
    load = item.weight or weight
    reps = _reps(item, performance, current_max, load)
    rpe = None
    if item.rpe is not None or item.stop_rpe is not None:
        rpe = performance.rpe or item.rpe or item.stop_rpe
    return Logged(reps, weight, rpe)


def chosen_weight(item: PrescribedSet, performance: Performance, current_max: Weight | None, program: Program,
                  unit: Unit) -> Weight:
    """The lifter's weight where the program leaves it to them (0: nothing to go by, e.g. bodyweight)."""
    choice = performance.choice
    if choice.kind is ChoiceKind.WEIGHT and choice.weight is not None:
        return _plates(choice.weight.to(unit), item, program, unit)
    if current_max is None:
        return Weight.of(0, unit)
    target = load_for(current_max.to(unit), item.target_reps or 1)
    if choice.kind is ChoiceKind.PERCENT and choice.percent is not None:
        target = target.percent(choice.percent)
    return _plates(target, item, program, unit)


def load_for(one_rep_max: Weight, reps: int) -> Weight:
    """The load for ``reps`` reps from a 1RM (Epley; one rep: the max itself)."""
    if reps <= 1:
        return one_rep_max
    return Weight(weight_for_reps(one_rep_max.value, reps, FORMULA), one_rep_max.unit)


def reps_at(one_rep_max: Weight, load: Weight) -> int:
    """The reps a lifter with this 1RM does at ``load`` (Epley inverted), at least 1."""
    if load.value <= 0:
        return OPEN_REPS
    ratio = one_rep_max.to(load.unit).value / load.value
    return max(1, int(((ratio - 1) * 30).to_integral_value(rounding=ROUND_FLOOR)))


def one_rep_max(program: Program, slot_id: str, state: SlotState) -> Weight | None:
    """The 1RM a slot's weight stands for: the weight read back through its ``initial`` (a TM of
    90% of a 1RM: the 1RM; a TM entered as a 2RM: that 2RM's Epley 1RM)."""
    if state.weight is None:
        return None
    weight, initial = state.weight, program.slots[slot_id].initial
    seen: set[str] = set()
    while initial is not None and initial.source not in seen:
        seen.add(initial.source)
        if initial.percent:
            weight = weight.times(Decimal(100) / initial.percent)
        spec = program.inputs.get(initial.source)
        if spec is not None:
            if spec.kind == "rep_max" and (spec.reps or 1) > 1:
                weight = Weight(estimate_max(weight.value, spec.reps, FORMULA), weight.unit)
            break
        source = program.slots.get(initial.source)
        initial = source.initial if source else None
    return weight


def _reps(item: PrescribedSet, performance: Performance, current_max: Weight | None, load: Weight | None) -> int:
    minimum = _minimum(item, current_max, load)
    if item.warmup:
        return minimum
    reps = minimum
    if item.is_amrap or item.kind is SetKind.MRS:
        reps = performance.amrap.reps(minimum)
    elif item.reps_max is not None:
        reps = min(performance.amrap.reps(minimum), item.reps_max)
    if performance.fail:
        reps = max(minimum - performance.fail, 0)
    return reps


def _minimum(item: PrescribedSet, current_max: Weight | None, load: Weight | None) -> int:
    known = item.min_reps or item.target_reps
    if known:
        return known
    if current_max is not None and load is not None:
        return reps_at(current_max, load)
    return OPEN_REPS


def _plates(weight: Weight, item: PrescribedSet, program: Program, unit: Unit) -> Weight:
    lift = program.lifts.get(item.lift)
    bar = EMPTY_BAR if lift is not None and lift.barbell else None
    return round_in_unit(weight, unit, program.rounding.increment, RoundingMode.NEAREST, bar)


def entered_max(program: Program, scenario: Scenario, lift: str) -> Weight | None:
    """What a set without a slot weight (a lifter's-choice accessory, an empty slot) goes by: the
    scenario's max for its lift, else the 1RM of an entered rep max of that lift."""
    if lift in scenario.maxes:
        return scenario.maxes[lift]
    for spec in program.inputs.values():
        weight = scenario.maxes.get(spec.id)
        if spec.lift == lift and weight is not None and spec.kind == "rep_max":
            return Weight(estimate_max(weight.value, spec.reps or 1, FORMULA), weight.unit)
    return None
