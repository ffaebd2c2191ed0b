"""What a program preview shows, as plain data: the week-by-week grid of loads and each tracked
weight over N cycles, from a real simulation (``engine.simulation``), so the numbers are the
service's. The preview page (api/pages/) and the generated program pages (cli/program_pages.py)
render it; nothing here knows HTML or Markdown.

A preview runs per request, so it is bounded: at most ``MAX_CYCLES`` cycles and
``MAX_WORKOUTS`` workouts (fewer cycles when a cycle is long; the first workouts of a cycle
longer than that: the simulation is a generator, stopped there), and a small cache keeps the
answers of recent identical requests (same program version, inputs and scenario).
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from .programs import PrescribedSet, Program, Weight
from .programs.units import format_decimal
from .scenario import Scenario
from .simulation import SimulatedWorkout, Simulator

MAX_CYCLES = 8
MAX_WORKOUTS = 48  # about 0.5 s of CPU for most programs
CACHE_SIZE = 32


@dataclass(frozen=True)
class GridLine:
    """Consecutive identical sets of one lift folded: ``squat 3 x 5 @ 225 lb``."""

    lift: str
    count: int
    reps: str  # "5", "5+", "8-12", "?" (open)
    load: str  # "225 lb", "lifter's choice"
    basis: str  # "85% of squat (training_max)", "" when none
    warmup: bool = False  # warm-up sets (shown apart: never logged by the simulated lifter)


@dataclass(frozen=True)
class GridDay:
    cycle: int
    week: int
    day: int  # 1-based
    name: str
    lines: tuple[GridLine, ...]
    changes: tuple[str, ...]


@dataclass(frozen=True)
class Series:
    slot: str
    unit: str
    points: tuple[Decimal | None, ...]  # the weight as each workout started, then after the last


@dataclass(frozen=True)
class Preview:
    days: tuple[GridDay, ...]
    series: tuple[Series, ...]
    cycles: int  # simulated (maybe fewer than asked: see ``bounded``)
    workouts_per_cycle: int
    bounded: bool  # fewer cycles or workouts than asked


def workouts_per_cycle(program: Program) -> int:
    return max(sum(len(w.days) for w in program.schedule.weeks), 1)


def cycles_allowed(program: Program, asked: int, max_workouts: int | None = MAX_WORKOUTS) -> int:
    """``asked`` cut to the bounds: a 16-week program previews fewer cycles than a 1-week one."""
    by_workouts = asked if max_workouts is None else max_workouts // workouts_per_cycle(program) or 1
    return max(1, min(asked, MAX_CYCLES, by_workouts))


def preview(program: Program, scenario: Scenario, cycles: int, *, simulator: Simulator | None = None,
            max_workouts: int | None = MAX_WORKOUTS, options: Mapping[str, object] | None = None) -> Preview:
    """The preview of ``program`` (any loaded program: a shipped one or a draft under edit),
    enrolled with ``options`` (the defaults without); ``max_workouts`` None: every workout of
    the cycles (the generated pages, built offline)."""
    allowed = cycles_allowed(program, cycles, max_workouts)
    key = (program.slug, program.version, allowed, max_workouts, repr(scenario), repr(sorted((options or {}).items())))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    run = (simulator or shared_simulator()).run(program, scenario, cycles=allowed, options=options)
    try:
        workouts = list(itertools.islice(run, max_workouts))
    finally:
        run.close()  # a cut run ends here: its in-memory database is closed
    per_cycle = workouts_per_cycle(program)
    result = Preview(tuple(_day(w) for w in workouts), _series(program, workouts), allowed, per_cycle,
                     allowed < cycles or len(workouts) < allowed * per_cycle)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


_CACHE: OrderedDict[tuple, Preview] = OrderedDict()
_LOCK = threading.Lock()


@functools.cache
def shared_simulator() -> Simulator:
    """One per process: specs loaded and the template database migrated once, on first use."""
    return Simulator()


def _day(workout: SimulatedWorkout) -> GridDay:
    return GridDay(workout.cycle, workout.week, workout.day, workout.name,
                   tuple(fold([s.prescribed for s in workout.sets])), tuple(c.text for c in workout.changes))


def fold(sets: list[PrescribedSet]) -> list[GridLine]:
    """Consecutive sets of one lift with the same reps, load and basis become one line."""
    lines: list[GridLine] = []
    for item in sets:
        basis = f"warm-up; {item.basis}" if item.warmup else item.basis or ""
        line = GridLine(item.lift, 1, item.reps_label, _load(item.weight), basis, item.warmup)
        last = lines[-1] if lines else None
        if last is not None and (last.lift, last.reps, last.load, last.basis) == (line.lift, line.reps, line.load,
                                                                                  line.basis):
            lines[-1] = replace(last, count=last.count + 1)
        else:
            lines.append(line)
    return lines


def _load(weight: Weight | None) -> str:
    return "lifter's choice" if weight is None else f"{format_decimal(weight.value)} {weight.unit}"


def _series(program: Program, workouts: list[SimulatedWorkout]) -> tuple[Series, ...]:
    """Each slot's weight as every workout started, then after the last one."""
    if not workouts:
        return ()
    last = workouts[-1]
    after = dict(last.slots)
    for change in last.changes:
        after[change.change.slot] = change.change.new.weight
    snapshots = [w.slots for w in workouts] + [after]
    out = []
    for slot in program.slots:
        known = [s[slot] for s in snapshots if s.get(slot) is not None]
        if known:
            unit = known[0].unit
            out.append(Series(slot, str(unit), tuple(_value(s.get(slot), unit) for s in snapshots)))
    return tuple(out)


def _value(weight: Weight | None, unit) -> Decimal | None:
    return None if weight is None else weight.to(unit).value.quantize(Decimal("0.01")).normalize()


def scenario_for(maxes: Mapping[str, Weight], unit: str, base: Scenario | None = None) -> Scenario:
    """A scenario holding ``maxes`` (by input id or lift) on top of ``base``."""
    return (base or Scenario()).extended(maxes=dict(maxes), unit=unit)
