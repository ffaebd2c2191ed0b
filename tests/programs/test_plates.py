"""Plates (engine/programs/plates.py), worked by hand.

A standard gym (the default): a 45 lb bar with 45, 35, 25, 10, 5, 2.5 lb plates, or a 20 kg bar
with 25, 20, 15, 10, 5, 2.5, 1.25 kg plates; no microplates. Per side = (load - bar) / 2.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from engine.programs import PrescribedSet, SetKind, Weight
from engine.programs.plates import Equipment, load

D = Decimal


def per_side(loading) -> list[tuple[str, int]]:
    return [(str(plate), count) for plate, count in loading.per_side]


def test_142_5_kg_is_25_25_10_and_1_25_a_side_on_a_20_kg_bar():
    # (142.5 - 20) / 2 = 61.25 = 25 + 25 + 10 + 1.25
    loading = load(D("142.5"), "kg")
    assert loading.bar == 20
    assert per_side(loading) == [("25", 2), ("10", 1), ("1.25", 1)]
    assert loading.total() == D("142.5") and not loading.adjusted


def test_315_lb_is_three_45s_a_side():
    # (315 - 45) / 2 = 135 = 3 x 45
    loading = load(D("315"), "lb")
    assert (loading.bar, per_side(loading), loading.adjusted) == (45, [("45", 3)], False)


def test_without_microplates_a_2_5_lb_step_rounds_to_the_nearest_load_halves_up():
    # 137.5 lb: 46.25 a side. The smallest plate is 2.5, so a side makes 45 or 47.5 (135 or 140 lb);
    # 46.25 is exactly between them: the half goes up, to 140 (2.5 above: half of the 5 lb step).
    loading = load(D("137.5"), "lb")
    assert (loading.total(), per_side(loading), loading.adjusted) == (140, [("45", 1), ("2.5", 1)], True)
    assert loading.program_weight == D("137.5")
    # 142.5 lb: 48.75 a side, between 47.5 (140) and 50 (145): 145, never below a half step.
    assert load(D("142.5"), "lb").total() == 145
    # With microplates the same 137.5 is made exactly: 45 + 1.25 a side.
    exact = load(D("137.5"), "lb", Equipment(microplates=True))
    assert (exact.total(), per_side(exact), exact.adjusted) == (D("137.5"), [("45", 1), ("1.25", 1)], False)


def test_a_1_25_kg_step_needs_plates_of_0_625_so_it_rounds_even_with_microplates():
    # 61.25 kg: 20.625 a side; 20 or 21.25 without microplates (a tie: up, 62.5 kg); with them
    # (0.25 kg the smallest) 20.5 or 20.75, again a tie: up, 61.5 kg.
    assert load(D("61.25"), "kg").total() == D("62.5")
    assert load(D("61.25"), "kg", Equipment(microplates=True)).total() == D("61.5")


def test_counts_limit_what_a_side_takes_and_the_breakdown_looks_past_the_heaviest_plate():
    # Two 35s and four 25s: a side takes 35 and 25 x 2. 145 lb is 50 a side: taking the 35 leaves
    # 15, which 25s cannot make; 25 + 25 can.
    equipment = Equipment.from_json({"plates": {"lb": [{"weight": 35, "count": 2}, {"weight": 25, "count": 4}]}})
    loading = load(D("145"), "lb", equipment)
    assert (per_side(loading), loading.adjusted) == ([("25", 2)], False)
    # An odd plate out: three 45s load one a side.
    odd = Equipment.from_json({"plates": {"lb": [{"weight": 45, "count": 3}]}})
    assert load(D("225"), "lb", odd).total() == 135


def test_below_the_bar_is_the_bar_and_beyond_every_plate_is_all_of_them():
    assert per_side(load(D("30"), "lb")) == [] and load(D("30"), "lb").adjusted
    women_bar = Equipment.from_json({"bar": {"kg": 15}})
    assert per_side(load(D("20"), "kg", women_bar)) == [("2.5", 1)]  # 15 + 2 x 2.5
    few = Equipment.from_json({"plates": {"lb": [{"weight": 45, "count": 2}]}})
    assert load(D("405"), "lb", few).total() == 135


def test_equipment_round_trips_through_its_json_and_a_member_left_out_is_the_default():
    sent = {"bar": {"lb": 35}, "plates": {"lb": [{"weight": 10, "count": 2}, {"weight": 45, "count": 4}]},
            "microplates": True}
    equipment = Equipment.from_json(sent)
    assert equipment.bar["kg"] == 20 and equipment.bar["lb"] == 35
    assert equipment.to_json()["plates"]["lb"] == [{"weight": 45, "count": 4}, {"weight": 10, "count": 2}]
    assert Equipment.from_json(equipment.to_json()) == equipment


@pytest.mark.parametrize(("weight", "microplates", "expected"), [("137.5", False, "140"), ("137.5", True, "137.5")])
def test_a_prescribed_set_plated_again_starts_from_the_programs_load(weight, microplates, expected):
    prescribed = PrescribedSet(set_index=0, exercise_index=0, exercise_id="squat", lift="squat", slot="squat",
                               kind=SetKind.WORK, target_reps=5, is_amrap=False, weight=Weight.of(weight, "lb"))
    first = prescribed.plated()  # no microplates: 140
    again = first.plated(Equipment(microplates=microplates))
    assert again.weight == Weight.of(expected, "lb") and again.plates.program_weight == D(weight)
