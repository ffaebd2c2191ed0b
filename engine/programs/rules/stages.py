"""``stages``: success: same stage, more weight; failure: same weight, next stage (GZCLP T1/T2).

Past the last stage: retest a rep max (then restart at a percent of it) or restart stage 1
from the weight where it last failed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from engine.programs import fields
from engine.programs.check_context import as_map
from engine.programs.model import Rule, SetKind, SetList
from engine.programs.rounding import RoundingMode
from engine.programs.rules.base import Change, Increment, RuleContext, change, increment, round_to_plates, with_change
from engine.programs.rules.checking import RuleCheck, check_increment
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.schemes import target_total
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import Weight

STAGE1_FAILED_KEY = "stage1_failed_weight"  # where stage 1 (stage 0) last failed, for T2 restarts
HUNDRED = Decimal(100)


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


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> StagesRule:
    last = raw["on_last_stage_failure"]
    failure = LastStageFailure(
        last["action"], fields.decimal(last.get("percent")), fields.mode(last.get("round")), increment(last.get("add"))
    )
    return StagesRule(
        **common,
        success=raw.get("success", "total_reps"),
        on_success=change(raw["on_success"]),
        on_last_stage_failure=failure,
    )


def check(rc: RuleCheck) -> None:
    rc.check_changes("on_success")
    last = as_map(rc.rule.get("on_last_stage_failure"))
    action, usage = last.get("action"), rc.usage
    for slot in rc.slots:
        if slot in usage and not usage[slot]["staged"]:
            rc.error(("slots",), f"slot {slot!r} has no staged sets (sets: {{stages: ...}})")
        if action == "retest" and slot in usage and usage[slot]["staged"] and not usage[slot]["retest"]:
            rc.error(("on_last_stage_failure",), f"retest needs retest sets in the exercises of slot {slot!r}")
    if action == "retest" and "percent" not in last:
        rc.error(("on_last_stage_failure",), "retest needs the percent of the new rep max to restart at")
    if action == "restart":
        if "add" not in last:
            rc.error(("on_last_stage_failure",), "restart needs the amount to add to the stage-1 failure weight")
        elif isinstance(last["add"], dict):
            check_increment(rc, ("on_last_stage_failure", "add"), last["add"])


def apply(rule: StagesRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    if not sets or not ctx.stages:
        return state
    count = len(ctx.stages)
    if state.stage >= count:
        return _after_retest(rule, ctx, state, sets)
    if _stage_succeeded(rule, ctx.stages[state.stage], sets):
        return with_change(state, rule.on_success, ctx)
    data = dict(state.data)
    if state.stage == 0 and state.weight is not None:
        data[STAGE1_FAILED_KEY] = state.weight.to_json()
    if state.stage + 1 < count:
        return state.with_(stage=state.stage + 1, data=data)
    last = rule.on_last_stage_failure
    if last.action == "retest":
        return state.with_(stage=count, data=data)
    base = state.weight
    if STAGE1_FAILED_KEY in data and base is not None:
        base = Weight.from_json(data[STAGE1_FAILED_KEY]).to(base.unit)
    restarted = state.with_(weight=base, stage=0, data=data)
    return with_change(restarted, Change(add=last.add), ctx)


def _stage_succeeded(rule: StagesRule, groups: SetList, sets: Sequence[PerformedSet]) -> bool:
    if rule.success == "all_sets":
        return all(s.met_target for s in sets)
    return sum(s.reps for s in sets) >= target_total(groups)


def _after_retest(rule: StagesRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    tests = [s for s in sets if s.kind is SetKind.RM_FIND and s.met_target and s.weight is not None]
    if not tests:
        return state  # the retest was not logged yet: keep asking for it
    unit = state.weight.unit if state.weight is not None else tests[-1].weight.unit
    best = max((s.weight.to(unit) for s in tests), key=lambda w: w.value)
    last = rule.on_last_stage_failure
    weight = round_to_plates(best.percent(last.percent or HUNDRED), ctx, last.round)
    data = {k: v for k, v in state.data.items() if k != STAGE1_FAILED_KEY}
    return state.with_(weight=weight, stage=0, data=data)


FAMILY = register(RuleFamily("stages", "stagesRule", StagesRule, parse, apply, check, moves_stage=True))
