"""A set's JSON (engine/queries/rendering.py), built in one pass, is ``plain`` of its fields in
schema PrescribedSet's order: the walk it replaced, for every set of every program."""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.programs import SlotState, load_lifts, load_programs, prescribe
from engine.programs.plates import Equipment
from engine.programs.positions import cycle_positions
from engine.programs.prescribe import plated
from engine.programs.units import Weight
from engine.queries.rendering import PRESCRIBED_SET_FIELDS, decimal_json, plain, prescribed_set_json, workout_set_json
from engine.queries.state import WorkoutSet

LIFTS = load_lifts()
PROGRAMS = load_programs(lifts=LIFTS)
MICRO = Equipment(microplates=True)


def walked(item: WorkoutSet, logged: bool) -> dict:
    """The set's JSON as the walk made it (``plain`` of a dict of its fields)."""
    prescribed = item.prescribed
    loading = prescribed.plates
    plates = None
    if loading is not None and prescribed.weight is not None:
        plates = {"bar": loading.bar, "per_side": [{"plate": p, "count": n} for p, n in loading.per_side],
                  "program_weight": loading.program_weight, "adjusted": loading.adjusted,
                  "reason": prescribed_set_json(item)["plates"]["reason"]}
    converted = {
        "lift_name": item.lift_name, "kind": str(prescribed.kind),
        "weight": None if prescribed.weight is None else prescribed.weight.value,
        "unit": None if prescribed.unit is None else str(prescribed.unit), "plates": plates,
        "rest": None if prescribed.rest is None else {"min": prescribed.rest.min, "max": prescribed.rest.max},
    }
    shown = plain({name: converted[name] if name in converted else getattr(prescribed, name)
                   for name in PRESCRIBED_SET_FIELDS})
    return {**shown, "logged": plain(item.logged)} if logged else shown


@pytest.mark.parametrize("program", sorted(PROGRAMS.values(), key=lambda p: p.slug), ids=lambda p: p.slug)
@pytest.mark.parametrize("unit", ["lb", "kg"])
def test_a_set_s_json_is_plain_of_its_fields_in_the_schema_s_order(program, unit):
    slots = {slot_id: SlotState(Weight.of("141.25", unit)) for slot_id in program.slots}
    for position in cycle_positions(program):
        for prescribed in plated(program, prescribe(program, position, slots, unit), MICRO):
            item = WorkoutSet(prescribed, LIFTS[prescribed.lift].name if prescribed.lift in LIFTS else prescribed.lift,
                              {"reps": 5, "weight": Decimal("102.500"), "rpe": None})
            shown = prescribed_set_json(item)
            assert tuple(shown) == PRESCRIBED_SET_FIELDS
            assert shown == walked(item, logged=False)
            assert workout_set_json(item) == walked(item, logged=True)
            assert [type(v) for v in workout_set_json(item).values()] == [
                type(v) for v in walked(item, logged=True).values()]


@pytest.mark.parametrize(("text", "number"), [("100", 100), ("100.000", 100), ("1E+2", 100), ("102.5", 102.5),
                                               ("102.50", 102.5), ("-0", 0), ("0.001", 0.001)])
def test_a_decimal_is_the_same_number_however_written_and_whichever_came_first(text, number):
    for _ in range(2):
        shown = decimal_json(Decimal(text))
        assert shown == number and type(shown) is type(number)
