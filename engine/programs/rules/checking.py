"""What a rule family's semantic check receives, and the checks of changes and increments
that most families need (checks_rules.py runs the checks every rule shares)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.programs.check_context import CheckContext, Path, as_map

# Per slot: the tags of its sets, where it has staged sets, whether it has retest sets and rep ranges.
Usage = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class RuleCheck:
    """One rule of the raw file: its mapping, field path, the slots it names and how they are used."""

    ctx: CheckContext
    path: Path
    rule: dict[str, Any]
    slots: list[str]
    usage: Usage

    def error(self, subpath: Path, message: str) -> None:
        self.ctx.error(self.path + subpath, message)

    def check_changes(self, *keys: str) -> None:
        """The rule's change fields ``keys``, where present."""
        for key in keys:
            if isinstance(self.rule.get(key), dict):
                check_change(self, (key,), self.rule[key])


def check_change(rc: RuleCheck, subpath: Path, change: dict[str, Any]) -> None:
    if ("add" in change) == ("percent" in change):
        rc.error(subpath, "a change needs exactly one of add and percent")
    if isinstance(change.get("add"), dict):
        check_increment(rc, subpath + ("add",), change["add"])


def check_increment(rc: RuleCheck, subpath: Path, raw: dict[str, Any]) -> None:
    """The amount must be complete and must resolve for the lift of every slot it applies to."""
    ctx, path = rc.ctx, rc.path + subpath
    if ("lb" in raw) != ("kg" in raw):
        ctx.error(path, "give both lb and kg (plates differ: 5 lb is 2.5 kg, not 2.27)")
    overrides = as_map(raw.get("lifts"))
    for slug in overrides:
        ctx.check_lift(path + ("lifts", slug), slug)
    slot_defs = as_map(ctx.data.get("slots"))
    for slot in rc.slots:
        lift_slug = as_map(slot_defs.get(slot)).get("lift")
        lift = ctx.lifts.get(lift_slug) if isinstance(lift_slug, str) else None
        if lift is None or lift.slug in overrides or "lb" in raw:
            continue
        if lift.body not in raw:
            hint = f"add `{lift.body}`, `lifts`, or lb/kg"
            ctx.error(path, f"no amount for slot {slot!r}: lift {lift.slug!r} is {lift.body} body; {hint}")
