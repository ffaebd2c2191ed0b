"""Semantic checks of progression rules (see checks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from engine.programs.checks import CheckContext, Path, _all_groups, as_list, as_map, weeks_text
from engine.programs.parse import default_slot

CLASS_KEYS = ("lower", "upper")


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
        for s, slot in enumerate(as_list(rule.get("slots"))):
            if isinstance(slot, str) and slot not in ctx.slot_ids:
                ctx.error(path + ("slots", s), f"unknown slot {slot!r}")
        if rule.get("trigger") == "ON_FAILURE" and rule.get("type") != "deload":
            ctx.error(
                path + ("trigger",), "ON_FAILURE sees one failed set: only deload rules count it (use AFTER_SESSION)"
            )
        weeks = ctx.weeks_per_cycle
        for w, week in enumerate(as_list(rule.get("weeks"))):
            if isinstance(week, int) and weeks is not None and week > weeks:
                ctx.error(path + ("weeks", w), f"week {week} is past the end of the cycle ({weeks_text(weeks)})")
        for change_path, change in _changes(path, rule):
            _check_change(ctx, change_path, change, slots)
        _check_driver(ctx, path, as_map(rule.get("driver")), slots, usage)
        _check_by_type(ctx, path, rule, slots, usage)
        if rule.get("type") == "stages":
            staged_slots.update(slots)
    for slot, info in usage.items():
        if info["staged"] and slot not in staged_slots:
            ctx.error(info["staged"][0], f"slot {slot!r} has staged sets but no stages rule moves its stage")


def _slot_usage(ctx: CheckContext) -> dict[str, dict[str, Any]]:
    """Per slot: the tags of its sets, where it has staged sets and retest sets, rep ranges."""
    usage: dict[str, dict[str, Any]] = {
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
            groups = list(_all_groups(sets))
            lookup = as_map(lookups.get(as_map(sets).get("lookup")))
            groups += [g for week in as_list(lookup.get("weeks")) for g in as_list(week)]
            info["tags"] |= {as_map(g).get("tag") or exercise.get("tag") for g in groups} - {None}
            info["ranges"] |= any("reps_max" in as_map(g) for g in groups)
            if "stages" in as_map(sets):
                info["staged"].append(wpath + ("exercises", e, "sets"))
                info["retest"] |= "retest" in as_map(sets)
    return usage


def _changes(path: Path, rule: dict[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for key in ("change", "on_success", "on_missed_sets", "on_no_record", "on_failure"):
        if isinstance(rule.get(key), dict):
            yield path + (key,), rule[key]
    for r, row in enumerate(as_list(rule.get("rows"))):
        if isinstance(as_map(row).get("change"), dict):
            yield path + ("rows", r, "change"), row["change"]


def _check_change(ctx: CheckContext, path: Path, change: dict[str, Any], slots: list[str]) -> None:
    if ("add" in change) == ("percent" in change):
        ctx.error(path, "a change needs exactly one of add and percent")
    if isinstance(change.get("add"), dict):
        check_increment(ctx, path + ("add",), change["add"], slots)


def check_increment(ctx: CheckContext, path: Path, raw: dict[str, Any], slots: list[str]) -> None:
    """The amount must be complete and must resolve for the lift of every slot it applies to."""
    if ("lb" in raw) != ("kg" in raw):
        ctx.error(path, "give both lb and kg (plates differ: 5 lb is 2.5 kg, not 2.27)")
    overrides = as_map(raw.get("lifts"))
    for slug in overrides:
        ctx.check_lift(path + ("lifts", slug), slug)
    slot_defs = as_map(ctx.data.get("slots"))
    for slot in slots:
        lift_slug = as_map(slot_defs.get(slot)).get("lift")
        lift = ctx.lifts.get(lift_slug) if isinstance(lift_slug, str) else None
        if lift is None or lift.slug in overrides or "lb" in raw:
            continue
        if lift.body not in raw:
            hint = f"add `{lift.body}`, `lifts`, or lb/kg"
            ctx.error(path, f"no amount for slot {slot!r}: lift {lift.slug!r} is {lift.body} body; {hint}")


Usage = dict[str, dict[str, Any]]


def _check_driver(ctx: CheckContext, path: Path, driver: dict[str, Any], slots: list[str], usage: Usage) -> None:
    tag = driver.get("tag")
    if isinstance(tag, str):
        for slot in slots:
            if slot in usage and tag not in usage[slot]["tags"]:
                ctx.error(path + ("driver", "tag"), f"no set of slot {slot!r} has tag {tag!r}")
    workout = driver.get("workout")
    if isinstance(workout, str) and workout not in {wid for wid, _, _ in ctx.workouts()}:
        ctx.error(path + ("driver", "workout"), f"unknown workout {workout!r}")


def _check_by_type(ctx: CheckContext, path: Path, rule: dict[str, Any], slots: list[str], usage: Usage) -> None:
    kind = rule.get("type")
    if kind == "rep_table":
        for r, row in enumerate(as_list(rule.get("rows"))):
            low, high = as_map(row).get("min"), as_map(row).get("max")
            if isinstance(low, int) and isinstance(high, int) and high < low:
                ctx.error(path + ("rows", r, "max"), f"max {high} is below min {low}")
    if kind == "stages":
        _check_stages(ctx, path, rule, slots, usage)
    if kind == "rep_standard":
        standards = rule.get("standards")
        if ("standard" in rule) == ("standards" in rule):
            ctx.error(path, "give exactly one of standard and standards")
        weeks = ctx.weeks_per_cycle
        if isinstance(standards, list) and weeks is not None and len(standards) != weeks:
            ctx.error(path + ("standards",), f"has {weeks_text(len(standards))} but the cycle has {weeks}")
        if isinstance(rule.get("step"), dict):
            check_increment(ctx, path + ("step",), rule["step"], slots)
    if kind == "double_progression":
        for slot in slots:
            if slot in usage and not usage[slot]["ranges"]:
                ctx.error(path + ("slots",), f"slot {slot!r} has no rep-range sets (reps_max) to progress through")


def _check_stages(ctx: CheckContext, path: Path, rule: dict[str, Any], slots: list[str], usage: Usage) -> None:
    last = as_map(rule.get("on_last_stage_failure"))
    action = last.get("action")
    for slot in slots:
        if slot in usage and not usage[slot]["staged"]:
            ctx.error(path + ("slots",), f"slot {slot!r} has no staged sets (sets: {{stages: ...}})")
        if action == "retest" and slot in usage and usage[slot]["staged"] and not usage[slot]["retest"]:
            ctx.error(path + ("on_last_stage_failure",), f"retest needs retest sets in the exercises of slot {slot!r}")
    if action == "retest" and "percent" not in last:
        ctx.error(path + ("on_last_stage_failure",), "retest needs the percent of the new rep max to restart at")
    if action == "restart":
        if "add" not in last:
            message = "restart needs the amount to add to the stage-1 failure weight"
            ctx.error(path + ("on_last_stage_failure",), message)
        elif isinstance(last["add"], dict):
            check_increment(ctx, path + ("on_last_stage_failure", "add"), last["add"], slots)
