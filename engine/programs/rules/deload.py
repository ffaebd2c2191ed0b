"""``deload``: count consecutive failed scopes; at ``after_failures`` apply the change and start over.

With ON_FAILURE each failed set is an event; the session is remembered in the slot's ``data``
so that three failed sets of one session count as one failed session (SS, StrongLifts, 5/3/1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.model import Rule, Trigger
from engine.programs.rules.base import Change, Outcome, RuleContext, change, outcome, with_change
from engine.programs.rules.checking import RuleCheck
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState

FAILED_SESSION_KEY = "failed_session"


@dataclass(frozen=True)
class DeloadRule(Rule):
    after_failures: int = 1
    change: Change = Change()


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> DeloadRule:
    return DeloadRule(**common, after_failures=raw["after_failures"], change=change(raw["change"]))


def check(rc: RuleCheck) -> None:
    rc.check_changes("change")


def apply(rule: DeloadRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    if rule.trigger is Trigger.ON_FAILURE:
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


def _count_failure(rule: DeloadRule, ctx: RuleContext, state: SlotState) -> SlotState:
    count = state.failure_count + 1
    if count < rule.after_failures:
        return state.with_(failure_count=count)
    return with_change(state, rule.change, ctx, failure_count=0)


FAMILY = register(RuleFamily("deload", "deloadRule", DeloadRule, parse, apply, check, counts_failed_sets=True))
