"""``linear``: add (or scale) on success; a success also ends a run of failures (SS, StrongLifts, 5/3/1)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.model import Rule
from engine.programs.rules.base import Change, Outcome, RuleContext, change, outcome, with_change
from engine.programs.rules.checking import RuleCheck
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState


@dataclass(frozen=True)
class LinearRule(Rule):
    when: str = "success"  # success | not_failed | always
    change: Change = Change()


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> LinearRule:
    return LinearRule(**common, when=raw.get("when", "success"), change=change(raw["change"]))


def check(rc: RuleCheck) -> None:
    rc.check_changes("change")


def apply(rule: LinearRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    result = outcome(sets)
    applies = {
        "always": True,
        "success": result is Outcome.SUCCESS,
        "not_failed": result is not Outcome.FAILED,
    }[rule.when]
    reset = {"failure_count": 0} if result is Outcome.SUCCESS else {}
    return with_change(state, rule.change if applies else None, ctx, **reset)


FAMILY = register(RuleFamily("linear", "linearRule", LinearRule, parse, apply, check))
