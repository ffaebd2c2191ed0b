"""Progression rules, part 1: what they share, and linear, deload, rep_table, double_progression.

Every rule is a pure function ``(rule, ctx, state, sets) -> new state``: ``sets`` are the
slot's driver sets in the trigger's scope, ``ctx`` says what the slot is. Returning the
state unchanged means "hold".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from engine.programs import model as m
from engine.programs.lifts import Lift
from engine.programs.rounding import round_weight
from engine.programs.state import PerformedSet, SlotState
from engine.programs.units import EMPTY_BAR, Weight


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


def changed_weight(change: m.Change, ctx: RuleContext, weight: Weight | None) -> Weight | None:
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


def with_change(state: SlotState, change: m.Change | None, ctx: RuleContext, **fields: object) -> SlotState:
    if change is None:
        return state.with_(**fields) if fields else state
    return state.with_(weight=changed_weight(change, ctx, state.weight), **fields)


def linear(rule: m.LinearRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """Add (or scale) on success; a success also ends a run of consecutive failures."""
    result = outcome(sets)
    applies = {
        "always": True,
        "success": result is Outcome.SUCCESS,
        "not_failed": result is not Outcome.FAILED,
    }[rule.when]
    fields = {"failure_count": 0} if result is Outcome.SUCCESS else {}
    return with_change(state, rule.change if applies else None, ctx, **fields)


FAILED_SESSION_KEY = "failed_session"


def deload(rule: m.DeloadRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """Count consecutive failed scopes; at ``after_failures`` apply the change and start over.

    With ON_FAILURE each failed set is an event; the session is remembered in ``data`` so that
    three failed sets of one session count as one failed session."""
    if rule.trigger is m.Trigger.ON_FAILURE:
        if not any(not s.met_target for s in sets):
            return state
        if ctx.session_id is not None and state.data.get(FAILED_SESSION_KEY) == ctx.session_id:
            return state
        data = {**state.data, FAILED_SESSION_KEY: ctx.session_id}
        return _count_failure(rule, ctx, state.with_(data=data))
    result = outcome(sets)
    if result is Outcome.SUCCESS:
        return state.with_(failure_count=0)
    return _count_failure(rule, ctx, state) if result is Outcome.FAILED else state


def _count_failure(rule: m.DeloadRule, ctx: RuleContext, state: SlotState) -> SlotState:
    count = state.failure_count + 1
    if count < rule.after_failures:
        return state.with_(failure_count=count)
    return with_change(state, rule.change, ctx, failure_count=0)


def measure(rule: m.RepTableRule, sets: Sequence[PerformedSet]) -> int:
    amrap = [s for s in sets if s.is_amrap] or list(sets)
    last = amrap[-1]
    if rule.measure == "amrap_reps":
        return last.reps
    if rule.measure == "amrap_reps_over_target":
        return last.reps - (last.target_reps or 0)
    if rule.measure == "total_reps":
        return sum(s.reps for s in sets)
    return sum(1 for s in sets if s.met_target)  # completed_sets


def rep_table(rule: m.RepTableRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    """Pick the first row bracketing the measure (GreySkull, nSuns, VDIP, Nuckols)."""
    if not sets:
        return state
    if rule.on_missed_sets is not None and any(not s.is_amrap and not s.met_target for s in sets):
        return with_change(state, rule.on_missed_sets, ctx)
    value = measure(rule, sets)
    row = next((r for r in rule.rows if r.matches(value)), None)
    return with_change(state, row.change if row else None, ctx)


def double_progression(
    rule: m.DoubleProgressionRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]
) -> SlotState:
    """Add weight once every set reached the top of its rep range (then the range starts over)."""
    if sets and all(s.reached_top for s in sets):
        return with_change(state, rule.change, ctx)
    return state
