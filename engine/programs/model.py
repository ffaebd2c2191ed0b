"""A loaded program as typed, immutable values (the YAML format is in docs/programs.md).

The loader builds these from a validated file; prescribe and progress only read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from engine.programs.lifts import Lift
from engine.programs.options import Option
from engine.programs.rounding import RoundingMode
from engine.programs.units import DEFAULT_INCREMENT, Amount
from engine.programs.warmups import WarmupScheme


class Trigger(StrEnum):
    AFTER_SET = "AFTER_SET"
    AFTER_SESSION = "AFTER_SESSION"
    AFTER_WEEK = "AFTER_WEEK"
    AFTER_CYCLE = "AFTER_CYCLE"
    ON_FAILURE = "ON_FAILURE"


class SetKind(StrEnum):
    WORK = "work"
    MRS = "mrs"
    RM_FIND = "rm_find"
    TOTAL_REPS = "total_reps"
    UNTIL_FAILURE = "until_failure"
    FATIGUE = "fatigue"
    TIMED = "timed"
    WARMUP = "warmup"  # generated from a warm-up scheme (engine/programs/warmups.py), never in YAML set groups


class LoadType(StrEnum):
    SLOT = "slot"
    WORKOUT = "workout"
    LOGGED = "logged"
    RPE = "rpe"
    REP_TARGET = "rep_target"
    USER = "user"
    BODYWEIGHT = "bodyweight"


@dataclass(frozen=True)
class Rounding:
    increment: Amount = DEFAULT_INCREMENT
    mode: RoundingMode = RoundingMode.NEAREST


@dataclass(frozen=True)
class Input:
    id: str
    lift: str
    kind: str  # rep_max | work_weight
    reps: int | None = None
    optional: bool = False
    description: str = ""


@dataclass(frozen=True)
class Initial:
    source: str  # an input id or a slot id
    percent: Decimal = Decimal(100)
    add: Amount | None = None
    round: RoundingMode | None = None
    otherwise: Initial | None = None


@dataclass(frozen=True)
class Slot:
    id: str
    lift: str
    kind: str  # training_max | one_rep_max | rep_max | work_weight | top_set
    initial: Initial | None = None
    description: str = ""


@dataclass(frozen=True)
class Load:
    type: LoadType = LoadType.SLOT
    of: str | None = None
    percent: Decimal | None = None
    add: Amount | None = None
    workout: str | None = None
    exercise: str | None = None
    set: int | None = None  # 1-based
    formula: str | None = None
    round: RoundingMode | None = None
    reps: int | None = None  # rep_target: the reps the formula loads for (default: the set's)


@dataclass(frozen=True)
class Rest:
    """Rest after a set, in seconds: ``rest: 90`` is 90-90, ``rest: {min: 180, max: 300}`` 3-5 minutes."""

    min: int
    max: int


@dataclass(frozen=True)
class SetGroup:
    sets: int = 1
    reps: int | None = None
    reps_max: int | None = None
    plus: bool = False
    kind: SetKind = SetKind.WORK
    percent: Decimal | None = None
    rpe: Decimal | None = None
    load: Load | None = None
    round: RoundingMode | None = None
    tag: str | None = None
    seconds: int | None = None
    stop_rpe: Decimal | None = None
    warmup: bool = False
    note: str | None = None
    rest: Rest | None = None


SetList = tuple[SetGroup, ...]


@dataclass(frozen=True)
class SetPlan:
    """Exactly one of: fixed groups, a lookup name, or stages (plus optional retest sets)."""

    groups: SetList | None = None
    lookup: str | None = None
    stages: tuple[SetList, ...] | None = None
    retest: SetList | None = None


@dataclass(frozen=True)
class Exercise:
    id: str
    lift: str
    slot: str | None
    sets: SetPlan
    load: Load | None = None
    weeks: frozenset[int] | None = None
    tag: str | None = None
    superset: str | None = None
    note: str | None = None
    rest: Rest | None = None
    warmup: str | bool | None = None  # a scheme name; False: none; None: the program's scheme

    def in_week(self, week: int) -> bool:
        return self.weeks is None or week in self.weeks


@dataclass(frozen=True)
class Workout:
    id: str
    name: str
    exercises: tuple[Exercise, ...]
    label: str | None = None

    def exercise(self, exercise_id: str) -> Exercise | None:
        return next((e for e in self.exercises if e.id == exercise_id), None)


@dataclass(frozen=True)
class Week:
    days: tuple[str, ...]  # workout ids
    label: str | None = None


@dataclass(frozen=True)
class Schedule:
    weeks: tuple[Week, ...]
    repeats: bool
    # The date the last week ends on (a meet), when the enrollment gave one (engine/programs/calendar.py).
    ends_on: date | None = None
    shortest_entry: int = 1  # with ends_on: the fewest weeks one may run


@dataclass(frozen=True)
class Driver:
    """Which of a slot's logged sets a rule reads (all of them when every field is None)."""

    tag: str | None = None
    amrap: bool | None = None
    workout: str | None = None


@dataclass(frozen=True)
class Rule:
    """What every progression rule has; each family (engine/programs/rules/) adds its parameters."""

    id: str
    type: str
    trigger: Trigger
    slots: tuple[str, ...]
    driver: Driver = Driver()
    weeks: frozenset[int] | None = None  # None: every week
    description: str = ""

    def runs_in(self, week: int | None) -> bool:
        """A rule limited to some weeks runs only when the scope's week is known and listed."""
        return self.weeks is None or (week is not None and week in self.weeks)


@dataclass(frozen=True)
class Program:
    slug: str
    name: str
    version: str  # sha256 of the file's bytes
    rounding: Rounding
    inputs: Mapping[str, Input]
    slots: Mapping[str, Slot]
    lookups: Mapping[str, tuple[SetList, ...]]
    workouts: Mapping[str, Workout]
    schedule: Schedule
    progressions: tuple[Rule, ...]
    lifts: Mapping[str, Lift]  # the catalog entries of the lifts this program names
    warmups: Mapping[str, WarmupScheme] = field(default_factory=dict)  # the schemes it names
    warmup: str | None = None  # the scheme of every exercise that names none (docs/programs.md)
    author: str = ""
    source: str = ""
    description: str = ""
    level: str = ""
    path: Path | None = None
    text: str = ""  # the YAML exactly as loaded: store this as the version's content (its hash is `version`)
    options: Mapping[str, Option] = field(default_factory=dict)  # choices at enrollment (engine/programs/options.py)
    data: Any = None  # the parsed YAML with its option references: an enrollment's choices are written into it

    @property
    def weeks_per_cycle(self) -> int:
        return len(self.schedule.weeks)

    @property
    def repeats(self) -> bool:
        """True: after the last week a new cycle starts; False: the program is complete."""
        return self.schedule.repeats

    def days_in_week(self, week: int) -> int:
        return len(self._week(week).days)

    def workout_at(self, week: int, day_index: int) -> Workout:
        days = self._week(week).days
        if not 0 <= day_index < len(days):
            raise ValueError(f"{self.slug}: week {week} has days 0-{len(days) - 1}, not {day_index}")
        return self.workouts[days[day_index]]

    def _week(self, week: int) -> Week:
        if not 1 <= week <= self.weeks_per_cycle:
            raise ValueError(f"{self.slug}: weeks run 1-{self.weeks_per_cycle}, not {week}")
        return self.schedule.weeks[week - 1]

    def rules_for(self, trigger: Trigger) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.progressions if rule.trigger is trigger)

