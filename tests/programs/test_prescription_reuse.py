"""What a prescription reuses (engine/programs/prescribe.py): work sets renumbered behind their
warm-ups instead of prescribed twice, the sets of one group worked out once, loads plated from
plates.load's memo and once per shared weight, and whole prescriptions kept by their inputs.
Each gives exactly what the work done again gives."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import SimpleNamespace

import pytest

from engine.programs import PerformedSet, SlotState, load_lifts, load_programs, prescribe
from engine.programs.plates import Equipment
from engine.programs.positions import cycle_positions
from engine.programs.prescribe import Prescriptions, _Prescriber, plated, replaced
from engine.programs.units import Weight

LIFTS = load_lifts()
PROGRAMS = load_programs(lifts=LIFTS)
ODD = Equipment.from_json({"bar": {"lb": 35, "kg": 15}, "microplates": True,
                           "plates": {"lb": [{"weight": 45, "count": 4}, {"weight": 35, "count": 2},
                                             {"weight": 2.5, "count": 2}],
                                      "kg": [{"weight": 20, "count": 6}, {"weight": 2.5, "count": 2}]}})


def slots_of(program, unit: str, weight: str = "137.5") -> dict[str, SlotState]:
    return {slot_id: SlotState(Weight.of(weight, unit)) for slot_id in program.slots}


@pytest.mark.parametrize("program", sorted(PROGRAMS.values(), key=lambda p: p.slug), ids=lambda p: p.slug)
@pytest.mark.parametrize("unit", ["lb", "kg"])
def test_work_sets_renumbered_behind_their_warm_ups_are_those_prescribed_again(program, unit):
    # A logged set that is no set of the workout takes the path that prescribes the work sets again.
    nothing = PerformedSet(lift="squat", slot=None, set_index=10_000, target_reps=5, is_amrap=False,
                           weight=Weight.of(1, unit), reps=5)
    for position in cycle_positions(program):
        renumbered = prescribe(program, position, slots_of(program, unit), unit)
        again = prescribe(program, position, slots_of(program, unit), unit, [nothing])
        assert renumbered == again
        assert [s.set_index for s in renumbered] == list(range(len(renumbered)))


@pytest.mark.parametrize("program", sorted(PROGRAMS.values(), key=lambda p: p.slug), ids=lambda p: p.slug)
@pytest.mark.parametrize("unit", ["lb", "kg"])
@pytest.mark.parametrize("equipment", [Equipment(), ODD], ids=["standard", "odd"])
def test_a_workout_plated_is_each_barbell_set_plated(program, unit, equipment):
    for position in cycle_positions(program):
        sets = prescribe(program, position, slots_of(program, unit, "141.25"), unit)
        expected = [s.plated(equipment) if program.lifts[s.lift].barbell else s for s in sets]
        assert plated(program, sets, equipment) == expected
        assert [s.weight for s in plated(program, sets, equipment)] == [s.weight for s in expected]


class _Forgetful(dict):
    """A memo that keeps nothing: every set worked out on its own, as before sets were alike."""

    def __setitem__(self, key, value) -> None:
        pass


def _exactly(sets) -> list[str]:
    # repr shows each Decimal's text (100 is not 100.000), which == does not compare
    return [repr(s) for s in sets]


@pytest.mark.parametrize("program", sorted(PROGRAMS.values(), key=lambda p: p.slug), ids=lambda p: p.slug)
@pytest.mark.parametrize("unit", ["lb", "kg"])
def test_the_sets_of_a_group_are_those_each_worked_out(program, unit, monkeypatch):
    logged = PerformedSet(lift="squat", slot=None, set_index=1, target_reps=5, is_amrap=False,
                          weight=Weight.of("102.5", unit), reps=5)
    for position in cycle_positions(program):
        for earlier in ((), (logged,)):
            shared = prescribe(program, position, slots_of(program, unit, "141.25"), unit, earlier)
            with monkeypatch.context() as patch:
                patch.setattr(_Prescriber, "alike",
                              property(lambda self: _Forgetful(), lambda self, value: None), raising=False)
                alone = prescribe(program, position, slots_of(program, unit, "141.25"), unit, earlier)
            assert _exactly(shared) == _exactly(alone)
            for equipment in (Equipment(), ODD):
                assert _exactly(plated(program, shared, equipment)) == _exactly(
                    s.plated(equipment) if program.lifts[s.lift].barbell else s for s in alone)


def test_a_group_of_five_is_one_load_shared_and_plated_once():
    program = PROGRAMS["stronglifts-5x5"]
    work = [s for s in prescribe(program, (1, 0), slots_of(program, "lb", "100"), "lb") if not s.warmup]
    squat = [s for s in work if s.lift == "squat"]
    assert len(squat) == 5 and len({id(s.weight) for s in squat}) == 1
    loaded = [s for s in plated(program, squat, Equipment())]
    assert len({id(s.plates) for s in loaded}) == 1 and [s.set_index for s in loaded] == [s.set_index for s in squat]


def test_equal_loads_written_differently_are_plated_each_as_written():
    program = PROGRAMS["stronglifts-5x5"]
    first = prescribe(program, (1, 0), slots_of(program, "kg", "20"), "kg")[0]
    twenty = [replace(first, weight=Weight(Decimal(text), first.weight.unit)) for text in ("20.0", "20")]
    shown = plated(program, twenty, Equipment())
    assert [str(s.weight.value) for s in shown] == ["20.0", "20"]
    assert [str(s.plates.program_weight) for s in shown] == [str(s.plated(Equipment()).plates.program_weight)
                                                             for s in twenty]


def test_replaced_is_dataclasses_replace():
    program = PROGRAMS["stronglifts-5x5"]
    first = prescribe(program, (1, 0), slots_of(program, "lb"), "lb")[0]
    assert replaced(first, set_index=7, note="x") == replace(first, set_index=7, note="x")


def test_a_kept_prescription_is_the_one_prescribed_for_the_same_inputs_only():
    program, kept = PROGRAMS["stronglifts-5x5"], Prescriptions(size=2)
    slots = slots_of(program, "lb", "100")
    first = kept.get(program, (1, 0), slots, "lb", Equipment())
    assert kept.get(program, (1, 0), slots_of(program, "lb", "100"), "lb", Equipment()) is first
    assert list(first) == plated(program, prescribe(program, (1, 0), slots, "lb"), Equipment())
    # Any input changed: prescribed anew, as it would be.
    changes = [((1, 1), slots, "lb", Equipment()), ((1, 0), slots_of(program, "lb", "105"), "lb", Equipment()),
               ((1, 0), slots_of(program, "lb", "100.000"), "lb", Equipment()), ((1, 0), slots, "kg", Equipment()),
               ((1, 0), slots, "lb", ODD), ((1, 0), slots, "lb", None),
               ((1, 0), {k: replace(s, stage=1) for k, s in slots.items()}, "lb", Equipment())]
    for position, their_slots, unit, equipment in changes:
        got = kept.get(program, position, their_slots, unit, equipment)
        assert got is not first
        assert list(got) == plated(program, prescribe(program, position, their_slots, unit), equipment)
    assert kept.get(program, (1, 0), slots, "lb", Equipment()) is not first  # two kept: the first is gone


def test_the_catalog_prescribes_a_kept_workout_as_a_list_of_its_own():
    from engine.program_catalog import ProgramCatalog

    catalog, program = ProgramCatalog(PROGRAMS, LIFTS), PROGRAMS["stronglifts-5x5"]
    rows = [SimpleNamespace(slot=slot, weight=Decimal("100"), failure_count=0, stage=0, data={"unit": "lb"})
            for slot in program.slots]
    first = catalog.prescribe(program, 1, 0, rows, "lb", equipment=Equipment())
    first.append(None)  # a caller's list: the kept prescription is not changed with it
    second = catalog.prescribe(program, 1, 0, rows, "lb", equipment=Equipment())
    assert second == first[:-1] and None not in second


def test_a_program_s_set_list_is_expanded_once_into_the_sets_a_fresh_expansion_gives():
    from engine.programs.schemes import _expanded, expand

    for program in PROGRAMS.values():
        for workout in program.workouts.values():
            for exercise in workout.exercises:
                groups = exercise.sets.groups or (exercise.sets.stages or ((),))[0]
                first = expand(groups)
                assert list(first) == _expanded(list(groups))
                assert expand(groups) is first  # kept: the same tuple, not expanded again
    assert expand([]) == [] and expand(iter(())) == []  # not a program's list: expanded, not kept
