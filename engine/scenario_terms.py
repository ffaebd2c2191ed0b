"""The terms of a scenario (engine/scenario.py): what a simulated lifter does, and where.

Values and the small parsers shared by a scenario file and the command-line flags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from engine.programs.units import Unit, Weight, to_decimal
from engine.spec_files import SpecError, SpecErrors

PERFORMANCE_FIELDS = ("amrap", "rpe", "choice", "fail")
TARGET_RPE = Decimal(0)  # an override's ``rpe: target`` (None there means "not said")
WEIGHT_PATTERN = re.compile(r"^\s*(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>kg|lb)?\s*$")


class ScenarioError(SpecErrors):
    """Every mistake of a scenario (or of its flags), each located: file:line: field: message."""


@dataclass(frozen=True)
class Where:
    """Where a piece of a scenario came from, for errors found later (by :meth:`Scenario.check`)."""

    source: str
    line: int | None
    field: str

    def error(self, message: str) -> SpecError:
        return SpecError(self.source, self.line, self.field, message)


# -- what the lifter does ----------------------------------------------------------------------
@dataclass(frozen=True)
class Amrap:
    """Reps on an AMRAP / max-rep set: ``+N`` over the set's minimum, or exactly ``N``."""

    count: int = 0
    over_minimum: bool = True

    def reps(self, minimum: int) -> int:
        return minimum + self.count if self.over_minimum else self.count

    def __str__(self) -> str:
        return f"+{self.count}" if self.over_minimum else str(self.count)


class ChoiceKind(StrEnum):
    TARGET = "target"  # what the program expects: the current max (for an N-rep max, its N-rep load)
    PERCENT = "percent"  # a percentage of the target (of a 1RM test: of the current max)
    WEIGHT = "weight"  # a fixed weight


@dataclass(frozen=True)
class Choice:
    """The weight the lifter takes where the program leaves it to them (lifter's choice, max tests)."""

    kind: ChoiceKind = ChoiceKind.TARGET
    percent: Decimal | None = None
    weight: Weight | None = None

    def __str__(self) -> str:
        if self.kind is ChoiceKind.PERCENT:
            return f"{self.percent}%"
        return str(self.weight) if self.kind is ChoiceKind.WEIGHT else "target"


@dataclass(frozen=True)
class Performance:
    """How one lift is performed at one position. ``rpe`` None: the set's target RPE;
    ``fail``: reps short on every work set (0: none)."""

    amrap: Amrap = Amrap()
    rpe: Decimal | None = None
    choice: Choice = Choice()
    fail: int = 0


@dataclass(frozen=True)
class At:
    """A position pattern: None matches any cycle, week or day (1-based)."""

    cycle: int | None = None
    week: int | None = None
    day: int | None = None

    def matches(self, cycle: int, week: int, day: int) -> bool:
        pairs = ((self.cycle, cycle), (self.week, week), (self.day, day))
        return all(want is None or want == have for want, have in pairs)

    def __str__(self) -> str:
        return "/".join("*" if part is None else str(part) for part in (self.cycle, self.week, self.day))


ANYWHERE = At()


@dataclass(frozen=True)
class Override:
    """One entry of ``performances`` (or one flag): the fields it sets, for a lift (None: every lift)."""

    lift: str | None = None
    at: At = ANYWHERE
    amrap: Amrap | None = None
    rpe: Decimal | None = None
    choice: Choice | None = None
    fail: int | None = None
    where: Where = Where("", None, "")

    def applied_to(self, performance: Performance) -> Performance:
        changes = {name: getattr(self, name) for name in PERFORMANCE_FIELDS if getattr(self, name) is not None}
        if changes.get("rpe") == TARGET_RPE:
            changes["rpe"] = None  # back to each set's own target
        return replace(performance, **changes)



# -- small parsers shared by the file and the flags ----------------------------------------------
def parse_amrap(value: Any) -> Amrap:
    text = str(value).strip() if not isinstance(value, bool) else ""
    match = re.fullmatch(r"(\+)?(\d+)", text)
    if not match or (isinstance(value, (int, float)) and not isinstance(value, int)):
        raise ValueError(f"write \"+N\" (N reps over the set's minimum) or a count N, not {value!r}")
    return Amrap(int(match[2]), over_minimum=bool(match[1]))


def parse_rpe(value: Any) -> Decimal:
    """A number from 1 to 10, or :data:`TARGET_RPE` for ``target``."""
    if value == "target":
        return TARGET_RPE
    number = _number(value)
    if number is None or not Decimal(1) <= number <= Decimal(10):
        raise ValueError(f"write target or an RPE from 1 to 10, not {value!r}")
    return number


def parse_choice(value: Any, unit: Unit) -> Choice:
    if value == "target":
        return Choice()
    text = str(value).strip() if not isinstance(value, bool) else ""
    if text.endswith("%"):
        percent = _number(text[:-1])
        if percent is None or not Decimal(0) < percent <= Decimal(200):
            raise ValueError(f"a percentage of the target is above 0 and at most 200, not {value!r}")
        return Choice(ChoiceKind.PERCENT, percent=percent)
    weight = parse_weight(value, unit)
    return Choice(ChoiceKind.WEIGHT, weight=weight)


def parse_weight(value: Any, unit: Unit) -> Weight:
    """A number in ``unit`` or a string with its own unit (``140kg``); above 0."""
    match = WEIGHT_PATTERN.match(str(value)) if not isinstance(value, bool) else None
    if not match:
        raise ValueError(f"write a weight such as 140 or \"140kg\", not {value!r}")
    weight = Weight.of(to_decimal(match["value"]), match["unit"] or unit)
    if weight.value <= 0:
        raise ValueError(f"a weight is above 0, not {value!r}")
    return weight


def parse_fail(value: Any) -> int:
    if value is True:
        return 1
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    raise ValueError(f"write the reps short (1 or more) or true, not {value!r}")


def parse_at(value: Any) -> At:
    """``CYCLE/WEEK/DAY``, ``WEEK/DAY`` (every cycle) or ``*``; each part a number from 1 or ``*``."""
    parts = str(value).strip().split("/")
    if parts == ["*"]:
        return ANYWHERE
    if len(parts) not in (2, 3) or not all(re.fullmatch(r"\*|[1-9]\d*", p) for p in parts):
        raise ValueError(f"write CYCLE/WEEK/DAY or WEEK/DAY, each a number from 1 or *, not {value!r}")
    numbers = [None if p == "*" else int(p) for p in parts]
    return At(*numbers) if len(numbers) == 3 else At(None, *numbers)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = to_decimal(value) if isinstance(value, (int, float, Decimal)) else Decimal(str(value).strip())
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if number.is_finite() else None
