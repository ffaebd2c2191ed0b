"""What the progression rule families share: amounts that depend on the lift, changes to a
weight, the fields every rule has, and what a rule may know when it runs.

Every rule's ``apply`` is a pure function ``(rule, ctx, state, sets) -> new state``: ``sets``
are the slot's driver sets in the trigger's scope, ``ctx`` says what the slot is. Returning
the state unchanged means "hold".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from engine.programs import fields, model as m
from engine.programs.lifts import Lift
from engine.programs.rounding import RoundingMode, round_weight
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import EMPTY_BAR, Amount, Weight


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


# -- parsing (the mapping is schema-valid and checked) ----------------------------------------
def common_fields(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The ``model.Rule`` fields of a raw rule, for its family's parser to extend."""
    driver = raw.get("driver") or {}
    return dict(
        id=raw["id"],
        type=raw["type"],
        trigger=m.Trigger(raw["trigger"]),
        slots=tuple(raw["slots"]),
        driver=m.Driver(tag=driver.get("tag"), amrap=driver.get("amrap"), workout=driver.get("workout")),
        weeks=frozenset(raw["weeks"]) if "weeks" in raw else None,
        description=raw.get("description", ""),
    )


def increment(raw: Mapping[str, Any] | None) -> Increment | None:
    if raw is None:
        return None
    uniform = Amount.of(raw["lb"], raw["kg"]) if "lb" in raw and "kg" in raw else None
    return Increment(
        uniform=uniform,
        lower=fields.amount(raw.get("lower")),
        upper=fields.amount(raw.get("upper")),
        lifts={slug: Amount.of(a["lb"], a["kg"]) for slug, a in (raw.get("lifts") or {}).items()},
    )


def change(raw: Mapping[str, Any] | None) -> Change | None:
    if raw is None:
        return None
    return Change(add=increment(raw.get("add")), percent=fields.decimal(raw.get("percent")),
                  round=fields.mode(raw.get("round")))


# -- applying ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the slot's state and sets."""

    slot: m.Slot
    lift: Lift
    rounding: m.Rounding
    stages: tuple[m.SetList, ...] | None = None  # the slot's staged set lists (stages rules)
    week: int | None = None
    session_id: str | None = None


class Outcome(Enum):
    UNTRAINED = "untrained"  # no driver set logged in the scope: the slot was not trained
    SUCCESS = "success"
    FAILED = "failed"


def outcome(sets: Sequence[PerformedSet]) -> Outcome:
    if not sets:
        return Outcome.UNTRAINED
    return Outcome.SUCCESS if all(s.met_target for s in sets) else Outcome.FAILED


def driver_sets(driver: m.Driver, sets: Sequence[PerformedSet]) -> list[PerformedSet]:
    return [
        s
        for s in sets
        if (driver.tag is None or s.tag == driver.tag)
        and (driver.amrap is None or s.is_amrap == driver.amrap)
        and (driver.workout is None or s.workout == driver.workout)
    ]


def changed_weight(change: Change, ctx: RuleContext, weight: Weight | None) -> Weight | None:
    """``weight`` after ``change``; an empty slot (a weight the lifter picks) stays empty."""
    if weight is None:
        return None
    if change.add is not None:
        amount = change.add.for_lift(ctx.lift)
        weight = weight.plus(amount) if amount is not None else weight
    if change.percent is not None:
        weight = weight.percent(change.percent)
    if change.round is not None:
        weight = round_to_plates(weight, ctx, change.round)
    return weight


def round_to_plates(weight: Weight, ctx: RuleContext, mode: str | None = None) -> Weight:
    bar = EMPTY_BAR if ctx.lift.barbell else None
    return round_weight(weight, ctx.rounding.increment, mode or ctx.rounding.mode, bar)


def with_change(state: SlotState, change: Change | None, ctx: RuleContext, **changed: object) -> SlotState:
    if change is None:
        return state.with_(**changed) if changed else state
    return state.with_(weight=changed_weight(change, ctx, state.weight), **changed)
