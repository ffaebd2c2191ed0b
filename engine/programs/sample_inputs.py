"""Sample inputs for a program: the maxes the preview form starts from when the lifter gives
none, and the generated page's week-by-week table when the program has no worked example
(otherwise the table is for its first example's inputs: cli/program_pages.py).

A lifter of one body of numbers: a 1RM per lift (``ONE_REP_MAX``, lb), every other input
derived from it, so a program asking for 5RMs or starting work weights gets consistent
values: a rep max of r reps is the 1RM's Epley inverse (1RM / (1 + r/30)), a work weight
75% of the 1RM; all rounded down to 5 lb (2.5 kg). Optional inputs are left out, as a
lifter enrolling would.
"""

from __future__ import annotations

from decimal import Decimal

from engine.programs.model import Program
from engine.programs.rounding import round_to
from engine.programs.units import Unit, Weight

ONE_REP_MAX = {  # lb
    "squat": 315, "bench-press": 225, "deadlift": 405, "overhead-press": 135, "power-clean": 185,
    "barbell-row": 185, "front-squat": 255, "incline-bench-press": 185, "close-grip-bench-press": 205,
    "push-press": 165, "sumo-deadlift": 385, "paused-deadlift": 365, "stiff-leg-deadlift": 275,
    "spoto-press": 205, "high-bar-squat": 285,
}
OTHER_LIFT = 100  # lb: accessories, cables, dumbbells, added weight on chin-ups
STEP = {Unit.LB: Decimal(5), Unit.KG: Decimal("2.5")}
WORK_WEIGHT_PERCENT = Decimal(75)


def sample_inputs(program: Program, unit: Unit | str = Unit.LB) -> dict[str, Weight]:
    """Every required input of ``program`` with a plausible value in ``unit``."""
    unit = Unit(unit)
    values = {}
    for spec in program.inputs.values():
        if spec.optional:
            continue
        one_rm = Weight.of(ONE_REP_MAX.get(spec.lift, OTHER_LIFT), Unit.LB).to(unit).value
        if spec.kind == "rep_max":
            value = one_rm / (1 + Decimal(spec.reps or 1) / 30) if (spec.reps or 1) > 1 else one_rm
        else:
            value = one_rm * WORK_WEIGHT_PERCENT / 100
        values[spec.id] = Weight(round_to(value, STEP[unit], "floor"), unit)
    return values
