"""The progression-rule vocabulary of a loaded program: one dataclass per rule family.

docs/programs.md describes each family; rules_basic.py and rules_advanced.py apply them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from engine.programs.lifts import Lift
from engine.programs.rounding import RoundingMode
from engine.programs.units import Amount


class Trigger(StrEnum):
    AFTER_SET = "AFTER_SET"
    AFTER_SESSION = "AFTER_SESSION"
    AFTER_WEEK = "AFTER_WEEK"
    AFTER_CYCLE = "AFTER_CYCLE"
    ON_FAILURE = "ON_FAILURE"


@dataclass(frozen=True)
class Increment:
    """An amount that may depend on the lift: the most specific of lifts > body class > uniform wins."""

    uniform: Amount | None = None
    lower: Amount | None = None
    upper: Amount | None = None
    lifts: Mapping[str, Amount] = field(default_factory=dict)

    def for_lift(self, lift: Lift) -> Amount | None:
        if lift.slug in self.lifts:
            return self.lifts[lift.slug]
        by_class = {"lower": self.lower, "upper": self.upper}.get(lift.body)
        return by_class or self.uniform


@dataclass(frozen=True)
class Change:
    add: Increment | None = None
    percent: Decimal | None = None
    round: RoundingMode | None = None


@dataclass(frozen=True)
class Driver:
    tag: str | None = None
    amrap: bool | None = None
    workout: str | None = None


@dataclass(frozen=True)
class Rule:
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
class LinearRule(Rule):
    when: str = "success"  # success | not_failed | always
    change: Change = Change()


@dataclass(frozen=True)
class DeloadRule(Rule):
    after_failures: int = 1
    change: Change = Change()


@dataclass(frozen=True)
class TableRow:
    min: int
    max: int | None = None
    change: Change | None = None  # None: hold

    def matches(self, value: int) -> bool:
        return self.min <= value and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class RepTableRule(Rule):
    measure: str = "amrap_reps"
    rows: tuple[TableRow, ...] = ()
    on_missed_sets: Change | None = None


@dataclass(frozen=True)
class LastStageFailure:
    action: str  # retest | restart
    percent: Decimal | None = None
    round: RoundingMode | None = None
    add: Increment | None = None


@dataclass(frozen=True)
class StagesRule(Rule):
    success: str = "total_reps"  # total_reps | all_sets
    on_success: Change = Change()
    on_last_stage_failure: LastStageFailure = LastStageFailure("restart")


@dataclass(frozen=True)
class DoubleProgressionRule(Rule):
    change: Change = Change()


@dataclass(frozen=True)
class RepStandardRule(Rule):
    standard: int | None = None
    standards: tuple[int, ...] = ()
    step: Increment = Increment()
    never_decrease: bool = False

    def standard_for(self, week: int | None) -> int | None:
        if self.standards and week is not None and 1 <= week <= len(self.standards):
            return self.standards[week - 1] or None
        return self.standard if not self.standards else None


@dataclass(frozen=True)
class E1rmRule(Rule):
    formula: str = "epley"
    tm_percent: Decimal = Decimal(100)
    round_max: RoundingMode | None = None
    update: str = "if_higher"  # if_higher | always
    on_no_record: Change | None = None
    on_failure: Change | None = None


@dataclass(frozen=True)
class MaxTestRule(Rule):
    percent: Decimal = Decimal(100)
    round: RoundingMode | None = None


