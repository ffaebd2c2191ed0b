"""Positions: the one home of day -> week -> cycle arithmetic."""

from __future__ import annotations

from types import SimpleNamespace

from engine.programs.positions import (
    FIRST,
    Position,
    cycle_positions,
    day_after,
    is_last_day_of_week,
    is_last_week_of_cycle,
    next_position,
    position_of,
    position_payload,
    start_cycle,
    week_after,
)

# Week 1 has three days, week 2 one.
PROGRAM = SimpleNamespace(weeks_per_cycle=2, days_in_week=lambda week: {1: 3, 2: 1}[week])


def test_a_cycle_walks_every_day_of_every_week_in_order():
    assert list(cycle_positions(PROGRAM)) == [(1, 0), (1, 1), (1, 2), (2, 0)]
    assert next_position(PROGRAM, (1, 2)) == Position(2, 0)
    assert next_position(PROGRAM, (2, 0)) is None


def test_the_last_day_and_week_include_positions_past_them():
    assert [is_last_day_of_week(PROGRAM, (1, d)) for d in range(4)] == [False, False, True, True]
    assert (is_last_week_of_cycle(PROGRAM, (1, 0)), is_last_week_of_cycle(PROGRAM, (2, 0))) == (False, True)
    assert day_after((1, 2)) == (1, 3) and week_after((1, 3)) == (2, 0)


def test_an_enrollment_row_reads_and_writes_its_position():
    row = SimpleNamespace(current_cycle_iteration=3, current_week=2, current_day_index=None)
    assert position_of(row) == (2, 0)  # before the machines, a NULL day until the first workout
    assert position_payload(row) == {"cycle_iteration": 3, "week": 2, "day_index": 0}
    start_cycle(row, iteration=4)
    assert (row.current_cycle_iteration, position_of(row)) == (4, FIRST)
