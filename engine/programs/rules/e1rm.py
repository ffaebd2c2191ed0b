"""``e1rm``: a new estimated max from the last driver set (CAP3 HI day, an RTS top set at RPE).

The slot holds tm_percent of the max (100: the max itself). A higher estimate (or any, with
update: always) resets it; met reps without a record apply on_no_record; missed reps apply
on_failure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.programs import fields
from engine.programs.e1rm import estimate_max
from engine.programs.model import Rule
from engine.programs.rounding import RoundingMode
from engine.programs.rules.base import Change, RuleContext, change, round_to_plates, with_change
from engine.programs.rules.checking import RuleCheck
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import Weight, to_decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class E1rmRule(Rule):
    formula: str = "epley"
    tm_percent: Decimal = HUNDRED
    round_max: RoundingMode | None = None
    update: str = "if_higher"  # if_higher | always
    on_no_record: Change | None = None
    on_failure: Change | None = None


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> E1rmRule:
    return E1rmRule(
        **common,
        formula=raw["formula"],
        tm_percent=to_decimal(raw.get("tm_percent", 100)),
        round_max=fields.mode(raw.get("round_max")),
        update=raw.get("update", "if_higher"),
        on_no_record=change(raw.get("on_no_record")),
        on_failure=change(raw.get("on_failure")),
    )


def check(rc: RuleCheck) -> None:
    rc.check_changes("on_no_record", "on_failure")


def apply(rule: E1rmRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    if not sets or state.weight is None:
        return state
    last = sets[-1]
    if not last.met_target:
        return with_change(state, rule.on_failure, ctx)
    if last.weight is None or (rule.formula == "rpe_chart" and last.rpe is None):
        return state
    lifted = last.weight.to(state.weight.unit)
    estimate = Weight(estimate_max(lifted.value, last.reps, rule.formula, last.rpe), lifted.unit)
    current_max = state.weight.value * HUNDRED / rule.tm_percent
    if rule.update == "always" or estimate.value > current_max:
        if rule.round_max is not None:
            estimate = round_to_plates(estimate, ctx, rule.round_max)
        return state.with_(weight=estimate.percent(rule.tm_percent))
    return with_change(state, rule.on_no_record, ctx)


FAMILY = register(RuleFamily("e1rm", "e1rmRule", E1rmRule, parse, apply, check))
