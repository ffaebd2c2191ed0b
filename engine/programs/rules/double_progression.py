"""``double_progression``: add weight once every set reached the top of its rep range (PPL accessories)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.model import Rule
from engine.programs.rules.base import Change, RuleContext, change, with_change
from engine.programs.rules.checking import RuleCheck
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState


@dataclass(frozen=True)
class DoubleProgressionRule(Rule):
    change: Change = Change()


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> DoubleProgressionRule:
    return DoubleProgressionRule(**common, change=change(raw["change"]))


def check(rc: RuleCheck) -> None:
    rc.check_changes("change")
    for slot in rc.slots:
        if slot in rc.usage and not rc.usage[slot]["ranges"]:
            rc.error(("slots",), f"slot {slot!r} has no rep-range sets (reps_max) to progress through")


def apply(rule: DoubleProgressionRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    if sets and all(s.reached_top for s in sets):
        return with_change(state, rule.change, ctx)
    return state


FAMILY = register(RuleFamily("double_progression", "doubleProgressionRule", DoubleProgressionRule, parse, apply,
                             check))
