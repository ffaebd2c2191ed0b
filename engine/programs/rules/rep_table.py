"""``rep_table``: pick the first row bracketing a measure of the driver sets (GreySkull, nSuns, VDIP, Nuckols)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.programs.check_context import as_list, as_map
from engine.programs.model import Rule
from engine.programs.rules.base import Change, RuleContext, change, with_change
from engine.programs.rules.checking import RuleCheck, check_change
from engine.programs.rules.registry import RuleFamily, register
from engine.programs.state import PerformedSet, SlotState


@dataclass(frozen=True)
class TableRow:
    min: int
    max: int | None = None
    change: Change | None = None  # None: hold

    def matches(self, value: int) -> bool:
        return self.min <= value and (self.max is None or value <= self.max)


@dataclass(frozen=True)
class RepTableRule(Rule):
    measure: str = "amrap_reps"
    rows: tuple[TableRow, ...] = ()
    on_missed_sets: Change | None = None


def parse(raw: Mapping[str, Any], common: dict[str, Any]) -> RepTableRule:
    rows = tuple(TableRow(r["min"], r.get("max"), change(r.get("change"))) for r in raw["rows"])
    return RepTableRule(**common, measure=raw["measure"], rows=rows, on_missed_sets=change(raw.get("on_missed_sets")))


def check(rc: RuleCheck) -> None:
    rc.check_changes("on_missed_sets")
    for r, row in enumerate(as_list(rc.rule.get("rows"))):
        row = as_map(row)
        if isinstance(row.get("change"), dict):
            check_change(rc, ("rows", r, "change"), row["change"])
    for r, row in enumerate(as_list(rc.rule.get("rows"))):
        low, high = as_map(row).get("min"), as_map(row).get("max")
        if isinstance(low, int) and isinstance(high, int) and high < low:
            rc.error(("rows", r, "max"), f"max {high} is below min {low}")


def measure(rule: RepTableRule, sets: Sequence[PerformedSet]) -> int:
    amrap = [s for s in sets if s.is_amrap] or list(sets)
    last = amrap[-1]
    if rule.measure == "amrap_reps":
        return last.reps
    if rule.measure == "amrap_reps_over_target":
        return last.reps - (last.target_reps or 0)
    if rule.measure == "total_reps":
        return sum(s.reps for s in sets)
    return sum(1 for s in sets if s.met_target)  # completed_sets


def apply(rule: RepTableRule, ctx: RuleContext, state: SlotState, sets: Sequence[PerformedSet]) -> SlotState:
    if not sets:
        return state
    if rule.on_missed_sets is not None and any(not s.is_amrap and not s.met_target for s in sets):
        return with_change(state, rule.on_missed_sets, ctx)
    value = measure(rule, sets)
    row = next((r for r in rule.rows if r.matches(value)), None)
    return with_change(state, row.change if row else None, ctx)


FAMILY = register(RuleFamily("rep_table", "repTableRule", RepTableRule, parse, apply, check))
