"""Positions: where an enrollment stands in its program's calendar, and where it goes next.

The one home of day -> week -> cycle arithmetic. The declared cascade's guards and moves
(``engine.machines.cascade``), the write side's commands, the read side's state block and the
simulator all use these; nothing else counts days or weeks. Pure: an enrollment row is read and
written only through the three attributes of :class:`Standing`, so the module needs no database.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple, Protocol

from engine.programs.model import Program


class Position(NamedTuple):
    """A day of a cycle: the week (1-based) and the day index in that week (0-based)."""

    week: int
    day: int


FIRST = Position(1, 0)


class Standing(Protocol):
    """What an enrollment row stores of its position (``user_program_states``)."""

    current_cycle_iteration: int
    current_week: int
    current_day_index: int | None


def next_position(program: Program, position: tuple[int, int]) -> Position | None:
    """The position after ``position`` in the cycle; None when the cycle is complete."""
    if not is_last_day_of_week(program, position):
        return day_after(position)
    if not is_last_week_of_cycle(program, position):
        return week_after(position)
    return None


def cycle_positions(program: Program) -> Iterator[Position]:
    """Every position of one cycle, in order."""
    position: Position | None = FIRST
    while position is not None:
        yield position
        position = next_position(program, position)


def is_last_day_of_week(program: Program, position: tuple[int, int]) -> bool:
    """True on (or past) the last day of the position's week."""
    week, day = position
    return day + 1 >= program.days_in_week(week)


def is_last_week_of_cycle(program: Program, position: tuple[int, int]) -> bool:
    return position[0] >= program.weeks_per_cycle


def day_after(position: tuple[int, int]) -> Position:
    """The next day of the same week. After the week's last day this points past it until the
    week is completed and the next one starts (after the cycle's last day it stays there until
    the next cycle)."""
    week, day = position
    return Position(week, day + 1)


def week_after(position: tuple[int, int]) -> Position:
    return Position(position[0] + 1, 0)


# -- an enrollment row's position ----------------------------------------------------------------
def position_of(row: Standing) -> Position:
    # Enrollments from before the state machines kept a NULL day until their first workout.
    return Position(row.current_week, row.current_day_index or 0)


def move(row: Standing, position: Position) -> None:
    row.current_week, row.current_day_index = position


def start_cycle(row: Standing, iteration: int) -> None:
    """Put ``row`` on the first day of cycle ``iteration``."""
    row.current_cycle_iteration = iteration
    move(row, FIRST)


def position_payload(row: Standing) -> dict[str, Any]:
    """The position as the transition log and the events carry it."""
    week, day = position_of(row)
    return {"cycle_iteration": row.current_cycle_iteration, "week": week, "day_index": day}
