"""Units convert exactly; rounding is halves-up nearest, floor or ceil, never below the bar."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from engine.programs.rounding import RoundingMode, round_in_unit, round_to, round_weight
from engine.programs.units import DEFAULT_INCREMENT, EMPTY_BAR, KG_PER_LB, Amount, Unit, Weight, to_decimal
from tests.programs.support import kg, lb

D = Decimal


def test_one_pound_is_exactly_0_45359237_kg():
    assert D("0.45359237") == KG_PER_LB
    assert lb(1).to("kg").value == D("0.45359237")
    assert lb(45).to(Unit.KG).value == D("20.41165665")


def test_kilograms_convert_back_to_the_same_pounds():
    assert kg(100).to("lb").to("kg").value.quantize(D("1E-20")) == D(100)
    assert lb("220.46226218487758072297380134").to("kg").value.quantize(D("1E-12")) == D(100)


def test_defaults_are_5_lb_2_5_kg_and_the_45_lb_20_kg_bar():
    assert Amount.of(5, "2.5") == DEFAULT_INCREMENT
    assert Amount.of(45, 20) == EMPTY_BAR


def test_yaml_floats_become_their_exact_decimal_literal():
    assert to_decimal(62.5) == D("62.5")
    assert to_decimal(0.0333) == D("0.0333")
    with pytest.raises(TypeError):
        to_decimal(True)


@pytest.mark.parametrize(
    "value, mode, expected",
    [
        ("234", "nearest", "235"),  # 65% of 360
        ("306", "nearest", "305"),
        ("202.5", "nearest", "205"),  # an exact half goes up (Python's round would give 200)
        ("212.5", "nearest", "215"),  # ... also when the lower multiple is even
        ("151.2", "nearest", "150"),
        ("216", "floor", "215"),
        ("219.99", "floor", "215"),
        ("162", "ceil", "165"),
        ("215", "ceil", "215"),
    ],
)
def test_round_to_five(value, mode, expected):
    assert round_to(D(value), D(5), mode) == D(expected)


def test_round_to_two_and_a_half_and_microplates():
    assert round_to(D("103.5"), D("2.5")) == D("102.5")
    assert round_to(D("101.25"), D("2.5")) == D("102.5")  # the half goes up
    assert round_to(D("162"), D("2.5"), RoundingMode.CEIL) == D("162.5")
    assert round_to(D("1.875"), D("1.25")) == D("2.5")


def test_a_residue_below_the_stored_precision_never_moves_a_plate():
    # A max re-estimated as 335 / 0.837 is stored as 400.239: 83.7% of it is 335.000043 -> 335, not 340.
    assert round_to(D("400.239") * D("0.837"), D(5), RoundingMode.CEIL) == D(335)
    # 255 / 0.837 is stored as 304.659: 83.7% of it is 254.999583 -> 255, not 250.
    assert round_to(D("304.659") * D("0.837"), D(5), RoundingMode.FLOOR) == D(255)
    assert round_to(D("215.0004"), D(5), RoundingMode.CEIL) == D(215)


def test_never_below_the_empty_bar():
    assert round_weight(lb(24), DEFAULT_INCREMENT, "nearest", EMPTY_BAR) == lb(45)
    assert round_weight(kg(12), DEFAULT_INCREMENT, "nearest", EMPTY_BAR) == kg(20)
    assert round_weight(lb(24), DEFAULT_INCREMENT, "nearest", None) == lb(25)  # a dumbbell can be light


def test_convert_first_then_round_once():
    # 85% of a 360 lb TM is 306 lb = 138.799... kg, which is 140 kg to 2.5 kg plates.
    assert round_in_unit(lb(306), "kg", DEFAULT_INCREMENT) == kg(140)


def test_a_non_positive_increment_is_refused():
    with pytest.raises(ValueError):
        round_to(D(100), D(0))


decimals = st.decimals(min_value=0, max_value=2000, places=3, allow_nan=False, allow_infinity=False)
increments = st.sampled_from([D("1"), D("1.25"), D("2.5"), D("5"), D("10")])
modes = st.sampled_from(list(RoundingMode))


@given(decimals, increments, modes)
def test_rounding_always_gives_a_multiple_of_the_increment(value, increment, mode):
    assert round_to(value, increment, mode) % increment == 0


@given(decimals, increments)
def test_nearest_is_within_half_an_increment(value, increment):
    assert abs(round_to(value, increment) - value) <= increment / 2


@given(st.integers(min_value=0, max_value=400), increments)
def test_exact_halves_round_up(steps, increment):
    halfway = (D(steps) + D("0.5")) * increment
    assert round_to(halfway, increment) == (steps + 1) * increment


@given(decimals, increments)
def test_floor_and_ceil_bracket_the_value(value, increment):
    low, high = round_to(value, increment, "floor"), round_to(value, increment, "ceil")
    assert low <= value <= high and high - low in (0, increment)


@given(decimals, modes, st.sampled_from(["lb", "kg"]))
def test_barbell_loads_are_never_below_the_bar(value, mode, unit):
    rounded = round_weight(Weight.of(value, unit), DEFAULT_INCREMENT, mode, EMPTY_BAR)
    assert rounded.value >= EMPTY_BAR.in_unit(unit)
    assert rounded.value % DEFAULT_INCREMENT.in_unit(unit) == 0  # 45 lb and 20 kg are multiples
