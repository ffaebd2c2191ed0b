"""``rep_standard``: TM += (AMRAP reps - rep standard) x step (Inverted Juggernaut realization weeks)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.check_context import weeks_text
from engine.programs.model import Rule
from engine.programs.rules.base import Increment, RuleContext, increment
from engine.programs.rules.checking import RuleCheck, check_increment
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState


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


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> RepStandardRule:
    return RepStandardRule(
        **common,
        standard=raw.get("standard"),
        standards=tuple(raw.get("standards") or ()),
        step=increment(raw["step"]),
        never_decrease=raw.get("never_decrease", False),
    )


def check(rc: RuleCheck) -> None:
    rule, standards = rc.rule, rc.rule.get("standards")
    if ("standard" in rule) == ("standards" in rule):
        rc.error((), "give exactly one of standard and standards")
    weeks = rc.ctx.weeks_per_cycle
    if isinstance(standards, list) and weeks is not None and len(standards) != weeks:
        rc.error(("standards",), f"has {weeks_text(len(standards))} but the cycle has {weeks}")
    if isinstance(rule.get("step"), dict):
        check_increment(rc, ("step",), rule["step"])


def apply(rule: RepStandardRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    standard = rule.standard_for(ctx.week)
    amrap = [s for s in sets if s.is_amrap]
    if standard is None or not amrap or state.weight is None:
        return state
    difference = amrap[-1].reps - standard
    step = rule.step.for_lift(ctx.lift)
    if step is None or (rule.never_decrease and difference < 0):
        return state
    return state.with_(weight=state.weight.plus(step.scaled(difference)))


FAMILY = register(RuleFamily("rep_standard", "repStandardRule", RepStandardRule, parse, apply, check))
