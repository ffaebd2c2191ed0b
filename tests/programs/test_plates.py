"""Plates (engine/programs/plates.py), worked by hand.

A standard gym (the default): a 45 lb bar with 45, 35, 25, 10, 5, 2.5 lb plates, or a 20 kg bar
with 25, 20, 15, 10, 5, 2.5, 1.25 kg plates; no microplates. Per side = (load - bar) / 2.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from engine.programs import PrescribedSet, SetKind, Weight, plates
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


def _every_side_sum(sides) -> list[Decimal]:
    """Every per-side sum, listed the slow way: the reference the search is checked against."""
    sums = {Decimal(0)}
    for plate, count in sides:
        sums = {s + k * plate for s in sums for k in range(count + 1)}
    return sorted(sums)


@pytest.mark.parametrize("seed", range(4))
def test_the_load_is_the_nearest_side_sum_a_tie_going_up(seed):
    rng = random.Random(seed)
    sizes = [D(x) for x in ("45", "35", "25", "20", "10", "5", "2.5", "1.25", "0.75", "0.5", "0.25")]
    for _ in range(150):
        plates = sorted(rng.sample(sizes, rng.randint(1, 5)), reverse=True)
        owned = [{"weight": float(p), "count": 2 * rng.randint(1, 4)} for p in plates]
        equipment = Equipment.from_json({"bar": {"lb": 45}, "plates": {"lb": owned}})
        program_weight = D(rng.randint(0, 3200)) / 8
        wanted = (program_weight - 45) / 2
        sums = _every_side_sum(equipment.per_side("lb"))
        best = min(sums, key=lambda s: (abs(s - wanted), -s))
        loading = load(program_weight, "lb", equipment)
        assert (loading.total() - 45) / 2 == best, (program_weight, owned)
        assert loading.adjusted == (loading.total() != program_weight)


def test_odd_plates_in_thousandths_are_searched_within_a_bound():
    # Eight sizes of odd thousandths, 50 of each a side: listing every sum they make would take
    # billions of them; the search keeps per-side sums up to 2,000, as bits of one integer.
    owned = [{"weight": w, "count": 100} for w in (99.999, 51.003, 25.007, 12.011, 6.013, 3.017, 1.019, 0.523)]
    equipment = Equipment.from_json({"plates": {"lb": owned}})
    sums, quantum = plates._side_sums(equipment.per_side("lb"))
    assert quantum == D("0.001") and sums.bit_length() <= 2000 * 1000 + 1
    loading = load(D("500"), "lb", equipment)
    assert loading.total() == D("500") and not loading.adjusted


def test_a_load_keeps_the_program_weight_as_written_whatever_was_asked_before():
    # 100 and 100.0 are equal Decimals, one cache entry: each answer still carries its own text.
    assert str(load(D("100.0"), "lb").program_weight) == "100.0"
    assert str(load(D("100"), "lb").program_weight) == "100"
