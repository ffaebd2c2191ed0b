"""Semantic checks of progression rules (run by checks.py): those every rule shares here, those
of one family in its module (engine/programs/rules/)."""

from __future__ import annotations

from typing import Any

from engine.programs.check_context import CheckContext, Path, all_groups, as_list, as_map, weeks_text
from engine.programs.defaults import default_slot
from engine.programs.rules import UnknownRuleFamily, families, family
from engine.programs.rules.checking import RuleCheck, Usage


def check_rules(ctx: CheckContext) -> None:
    usage = _slot_usage(ctx)
    seen: set[str] = set()
    staged_slots: set[str] = set()
    for index, raw in enumerate(as_list(ctx.data.get("progressions"))):
        rule, path = as_map(raw), ("progressions", index)
        rule_id = rule.get("id")
        if rule_id in seen:
            ctx.error(path + ("id",), f"rule id {rule_id!r} is used twice")
        seen.add(rule_id)
        slots = [s for s in as_list(rule.get("slots")) if isinstance(s, str)]
        _check_common(ctx, path, rule)
        _check_driver(ctx, path, as_map(rule.get("driver")), slots, usage)
        try:
            kind = family(rule.get("type"))
        except (UnknownRuleFamily, TypeError):
            continue  # the schema reports the type
        if rule.get("trigger") == "ON_FAILURE" and not kind.counts_failed_sets:
            counting = "/".join(sorted(t for t, f in families().items() if f.counts_failed_sets))
            ctx.error(path + ("trigger",), f"ON_FAILURE sees one failed set: only {counting} rules count it "
                                           "(use AFTER_SESSION)")
        if kind.check is not None:
            kind.check(RuleCheck(ctx, path, rule, slots, usage))
        if kind.moves_stage:
            staged_slots.update(slots)
    for slot, info in usage.items():
        if info["staged"] and slot not in staged_slots:
            ctx.error(info["staged"][0], f"slot {slot!r} has staged sets but no stages rule moves its stage")


def _check_common(ctx: CheckContext, path: Path, rule: dict[str, Any]) -> None:
    for s, slot in enumerate(as_list(rule.get("slots"))):
        if isinstance(slot, str) and slot not in ctx.slot_ids:
            ctx.unknown(path + ("slots", s), "slot", slot, ctx.slot_ids)
    weeks = ctx.weeks_per_cycle
    for w, week in enumerate(as_list(rule.get("weeks"))):
        if isinstance(week, int) and weeks is not None and week > weeks:
            ctx.error(path + ("weeks", w), f"week {week} is past the end of the cycle ({weeks_text(weeks)})")


def _slot_usage(ctx: CheckContext) -> Usage:
    """Per slot: the tags of its sets, where it has staged sets and retest sets, rep ranges."""
    usage: Usage = {
        s: {"tags": set(), "staged": [], "retest": False, "ranges": False} for s in ctx.slot_ids
    }
    lookups = as_map(ctx.data.get("lookups"))
    for _, workout, wpath in ctx.workouts():
        for e, exercise in enumerate(as_list(workout.get("exercises"))):
            exercise = as_map(exercise)
            info = usage.get(default_slot(exercise, ctx.slot_ids) or "")
            if info is None:
                continue
            sets = exercise.get("sets")
            groups = list(all_groups(sets))
            lookup = as_map(lookups.get(as_map(sets).get("lookup")))
            groups += [g for week in as_list(lookup.get("weeks")) for g in as_list(week)]
            info["tags"] |= {as_map(g).get("tag") or exercise.get("tag") for g in groups} - {None}
            info["ranges"] |= any("reps_max" in as_map(g) for g in groups)
            if "stages" in as_map(sets):
                info["staged"].append(wpath + ("exercises", e, "sets"))
                info["retest"] |= "retest" in as_map(sets)
    return usage


def _check_driver(ctx: CheckContext, path: Path, driver: dict[str, Any], slots: list[str], usage: Usage) -> None:
    tag = driver.get("tag")
    if isinstance(tag, str):
        for slot in slots:
            if slot in usage and tag not in usage[slot]["tags"]:
                ctx.consequence(path + ("driver", "tag"), f"no set of slot {slot!r} has tag {tag!r}")
    workout = driver.get("workout")
    workouts = {wid for wid, _, _ in ctx.workouts()}
    if isinstance(workout, str) and workout not in workouts:
        ctx.unknown(path + ("driver", "workout"), "workout", workout, workouts)
