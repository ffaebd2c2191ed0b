"""The cascade's vocabulary: the guards and moves a machine's ``powerpro.reactions`` may name.

A reaction says: when EVENT happens, fire TRIGGER on this machine (and/or move the enrollment's
position) if the guard holds. Guards are written in python-statemachine's own ``cond`` /
``unless`` dialect (names joined by ``and``, ``or``, ``not``) and compiled with the library's
expression parser; each name is one function registered here. ``engine.handlers.cascade`` is
the one handler that interprets the declarations; docs/machines.md lists the vocabulary.

To add a guard or a move: one decorated function below, with a docstring saying what it means;
the loader then accepts its name, and the docs test asks for a line in docs/machines.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from statemachine.spec_parser import UnsupportedExpression, names_in_boolean_expr, operator_mapping, parse_boolean_expr

from engine.events import Event
from engine.programs import positions
from engine.programs.model import Program
from engine.programs.positions import Position, Standing

# Reactions fire on the machines of the event's enrollment: the rows the handler locks.
REACTING_TABLE = "user_program_states"


@dataclass(frozen=True)
class Occasion:
    """What a guard sees: the event, the enrollment it concerns and the program it runs."""

    event: Event
    enrollment: Standing
    program: Program

    @property
    def position(self) -> Position:
        """Where the event happened: every event the cascade reacts to carries its position."""
        return Position(self.event.payload.get("week"), self.event.payload.get("day_index"))


Guard = Callable[[Occasion], bool]
Move = Callable[[Standing], None]
GUARDS: dict[str, Guard] = {}
MOVES: dict[str, Move] = {}


def guard(function: Guard) -> Guard:
    GUARDS[function.__name__] = function
    return function


def move(function: Move) -> Move:
    MOVES[function.__name__] = function
    return function


@guard
def workout_at_position(seen: Occasion) -> bool:
    """The event's workout is at the enrollment's current position (a workout of a week that
    was advanced meanwhile moves nothing)."""
    payload = seen.event.payload
    return (payload.get("cycle_iteration"), seen.position) == (
        seen.enrollment.current_cycle_iteration, positions.position_of(seen.enrollment))


@guard
def last_day_of_week(seen: Occasion) -> bool:
    """The event happened on the last day of its week."""
    return positions.is_last_day_of_week(seen.program, seen.position)


@guard
def last_week_of_cycle(seen: Occasion) -> bool:
    """The event happened in the last week of the cycle."""
    return positions.is_last_week_of_cycle(seen.program, seen.position)


@guard
def program_repeats(seen: Occasion) -> bool:
    """The program starts a new cycle after its last week (``after_cycle: repeat``); one that
    ends (``after_cycle: end``) is complete instead."""
    return seen.program.repeats


@move
def day_after(row: Standing) -> None:
    """The position moves to the next day of the week (past the last one until the week ends)."""
    positions.move(row, positions.day_after(positions.position_of(row)))


@move
def week_after(row: Standing) -> None:
    """The position moves to the first day of the next week."""
    positions.move(row, positions.week_after(positions.position_of(row)))


def compile_guard(cond: str | None, unless: str | None) -> Guard:
    """``cond`` must hold and ``unless`` must not; either may be left out (always true)."""
    checks = [(parse(cond), True)] if cond else []
    checks += [(parse(unless), False)] if unless else []

    def holds(seen: Occasion) -> bool:
        return all(bool(check(seen)) is wanted for check, wanted in checks)

    return holds


def parse(expression: str) -> Callable[..., Any]:
    """Compile a guard expression; ValueError names what is wrong with it."""
    unknown = sorted(names_in_boolean_expr(expression) - GUARDS.keys())
    if unknown:
        raise ValueError(f"unknown guard {', '.join(map(repr, unknown))}; the guards are {', '.join(GUARDS)}")
    try:
        return parse_boolean_expr(expression, _resolve, operator_mapping)
    except (SyntaxError, UnsupportedExpression) as exc:
        raise ValueError(f"{expression!r} is not a guard expression (names joined by and, or, not): {exc}") from exc


def _resolve(name: str) -> Guard:
    return GUARDS[name]
