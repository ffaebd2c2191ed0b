"""``max_test``: the heaviest successful driver set becomes the max, or a percent of it: a TM (J&T, Sheiko).

A result of 0 (no weight, or no rep at it) is no test: the max holds rather than becoming 0
and every load after it the empty bar."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.programs import fields
from engine.programs.model import Rule
from engine.programs.rounding import RoundingMode
from engine.programs.rules.base import RuleContext, round_to_plates
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import to_decimal


@dataclass(frozen=True)
class MaxTestRule(Rule):
    percent: Decimal = Decimal(100)
    round: RoundingMode | None = None


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> MaxTestRule:
    return MaxTestRule(**common, percent=to_decimal(raw.get("percent", 100)), round=fields.mode(raw.get("round")))


def apply(rule: MaxTestRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    lifted = [s.weight for s in sets if s.met_target and s.reps > 0 and s.weight is not None and s.weight.value > 0]
    if not lifted:
        return state
    unit = state.weight.unit if state.weight is not None else lifted[0].unit
    best = max((w.to(unit) for w in lifted), key=lambda w: w.value)
    weight = best.percent(rule.percent)
    return state.with_(weight=round_to_plates(weight, ctx, rule.round) if rule.round else weight)


FAMILY = register(RuleFamily("max_test", "maxTestRule", MaxTestRule, parse, apply))
