"""Progression rules, part 2: stages (GZCLP), rep standards (Juggernaut), e1RM (CAP3, RTS), max tests."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from engine.programs import model as m
from engine.programs.e1rm import estimate_max
from engine.programs.rules_basic import RuleContext, round_to_plates, with_change
from engine.programs.schemes import target_total
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import Weight

STAGE1_FAILED_KEY = "stage1_failed_weight"  # where stage 1 (stage 0) last failed, for T2 restarts
HUNDRED = Decimal(100)


def stages(rule: m.StagesRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """Success: same stage, more weight. Failure: same weight, next stage. Past the last stage:
    retest a rep max (then restart at a percent of it) or restart stage 1 from its failure weight."""
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
    return with_change(restarted, m.Change(add=last.add), ctx)


def _stage_succeeded(rule: m.StagesRule, groups: m.SetList, sets: Sequence[PerformedSet]) -> bool:
    if rule.success == "all_sets":
        return all(s.met_target for s in sets)
    return sum(s.reps for s in sets) >= target_total(groups)


def _after_retest(rule: m.StagesRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    tests = [s for s in sets if s.kind is m.SetKind.RM_FIND and s.met_target and s.weight is not None]
    if not tests:
        return state  # the retest was not logged yet: keep asking for it
    unit = state.weight.unit if state.weight is not None else tests[-1].weight.unit
    best = max((s.weight.to(unit) for s in tests), key=lambda w: w.value)
    last = rule.on_last_stage_failure
    weight = round_to_plates(best.percent(last.percent or HUNDRED), ctx, last.round)
    data = {k: v for k, v in state.data.items() if k != STAGE1_FAILED_KEY}
    return state.with_(weight=weight, stage=0, data=data)


def rep_standard(
    rule: m.RepStandardRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]
) -> SlotState:
    """TM += (AMRAP reps - rep standard) x step (Inverted Juggernaut realization weeks)."""
    standard = rule.standard_for(ctx.week)
    amrap = [s for s in sets if s.is_amrap]
    if standard is None or not amrap or state.weight is None:
        return state
    difference = amrap[-1].reps - standard
    step = rule.step.for_lift(ctx.lift)
    if step is None or (rule.never_decrease and difference < 0):
        return state
    return state.with_(weight=state.weight.plus(step.scaled(difference)))


def e1rm(rule: m.E1rmRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """A new estimated max from the last driver set (CAP3 HI day, an RTS top set at RPE).

    The slot holds tm_percent of the max (100: the max itself). A higher estimate (or any,
    with update: always) resets it; met reps without a record apply on_no_record; missed
    reps apply on_failure."""
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


def max_test(rule: m.MaxTestRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """The heaviest successful driver set becomes the max (or percent of it: a TM)."""
    lifted = [s.weight for s in sets if s.met_target and s.weight is not None]
    if not lifted:
        return state
    unit = state.weight.unit if state.weight is not None else lifted[0].unit
    best = max((w.to(unit) for w in lifted), key=lambda w: w.value)
    weight = best.percent(rule.percent)
    return state.with_(weight=round_to_plates(weight, ctx, rule.round) if rule.round else weight)
