"""A scenario checked against a program: every name and position it uses must exist there.

A misspelled lift, a week the program does not have or a max for a lift it never uses would
otherwise be silently ignored; each is one located error, with "did you mean" for names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from engine.programs.model import Program
from engine.programs.units import Weight
from engine.scenario_terms import At, Override, Where
from engine.spec_files import SpecError
from engine.spec_messages import did_you_mean


class ScenarioLike(Protocol):
    maxes: Mapping[str, Weight]
    max_origins: Mapping[str, Where]
    performances: Sequence[Override]
    source: str


def problems(scenario: ScenarioLike, program: Program, cycles: int) -> list[SpecError]:
    """Every reference of ``scenario`` that ``program`` (run for ``cycles`` cycles) lacks."""
    errors = list(_max_problems(scenario, program))
    if cycles > 1 and not program.repeats:
        errors.append(SpecError(scenario.source, None, "cycles",
                                f"{program.slug} ends after one cycle (after_cycle: end), not {cycles} cycles"))
    for override in scenario.performances:
        errors += _override_problems(override, program, cycles)
    return errors


def _max_problems(scenario: ScenarioLike, program: Program) -> Iterator[SpecError]:
    lifts = set(program.lifts)  # a lift without an input: the max its lifter's-choice sets go by
    names = sorted(set(program.inputs) | lifts)
    for name in scenario.maxes:
        if name not in program.inputs and name not in lifts:
            where = scenario.max_origins.get(name) or Where(scenario.source, None, f"maxes.{name}")
            yield where.error(f"{program.slug} takes no max for {name!r}{did_you_mean(name, names)}; "
                              f"it takes: {', '.join(names)}")
    for spec in program.inputs.values():
        if not spec.optional and spec.id not in scenario.maxes and spec.lift not in scenario.maxes:
            yield SpecError(scenario.source, None, "maxes",
                            f"{program.slug} needs a max for {spec.lift} ({spec.id}: {spec.description or spec.kind})")


def _override_problems(override: Override, program: Program, cycles: int) -> list[SpecError]:
    where, at = override.where, override.at
    if override.lift is not None and override.lift not in program.lifts:
        hint = did_you_mean(override.lift, program.lifts)
        return [where.error(f"{program.slug} has no lift {override.lift!r}{hint}; "
                            f"its lifts: {', '.join(sorted(program.lifts))}")]
    errors = [where.error(message) for message in _range_problems(at, program, cycles)]
    if not errors and override.lift is not None and not any(_trained(program, override.lift, at)):
        errors.append(where.error(f"{override.lift} is not trained at {at} (cycle/week/day) in {program.slug}"))
    return errors


def _range_problems(at: At, program: Program, cycles: int) -> Iterator[str]:
    if at.cycle is not None and at.cycle > cycles:
        yield f"cycle {at.cycle} is past the simulated {cycles} cycle(s)"
    if at.week is not None and at.week > program.weeks_per_cycle:
        yield f"{program.slug} has weeks 1-{program.weeks_per_cycle}, not week {at.week}"
        return
    weeks = [at.week] if at.week is not None else range(1, program.weeks_per_cycle + 1)
    most = max(program.days_in_week(week) for week in weeks)
    if at.day is not None and at.day > most:
        within = f"week {at.week}" if at.week is not None else "a week"
        yield f"{program.slug} has days 1-{most} in {within}, not day {at.day}"


def _trained(program: Program, lift: str, at: At) -> Iterator[bool]:
    """For each week/day the pattern matches: is ``lift`` trained there?"""
    weeks = [at.week] if at.week is not None else range(1, program.weeks_per_cycle + 1)
    for week in weeks:
        days = [at.day - 1] if at.day is not None else range(program.days_in_week(week))
        for day in days:
            if day < program.days_in_week(week):
                workout = program.workout_at(week, day)
                yield any(e.lift == lift and e.in_week(week) for e in workout.exercises)
