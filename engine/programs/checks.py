"""Semantic checks of a program file: what JSON Schema cannot say.

They read the raw YAML mapping defensively (it may also have schema errors) so that one run
reports every mistake of a file, each at its line and field path. Checks of workouts and of
progression rules live in checks_workouts.py and checks_rules.py; what they share, in check_context.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from engine.programs.check_context import CheckContext, Path, all_groups, as_list, as_map, weeks_text
from engine.programs.checks_rules import check_rules
from engine.programs.checks_warmups import check_warmups_and_rest
from engine.programs.checks_workouts import check_workouts
from engine.programs.defaults import default_slot, inline_workout_id
from engine.programs.lifts import Lift
from engine.programs.warmups import WarmupScheme
from engine.spec_files import SpecDocument
from engine.spec_messages import did_you_mean


def check_program(doc: SpecDocument, lifts: Mapping[str, Lift],
                  warmups: Mapping[str, WarmupScheme] | None = None) -> CheckContext:
    """The file's direct mistakes (``errors``) and their likely consequences (``consequences``)."""
    ctx = CheckContext(doc, lifts, warmups=warmups or {})
    if not isinstance(doc.data, dict):
        return ctx
    _check_slug(ctx)
    _check_rounding(ctx)
    _check_inputs(ctx)
    _check_slots(ctx)
    _check_schedule(ctx)
    _check_lookups(ctx)
    check_workouts(ctx)
    check_warmups_and_rest(ctx)
    check_rules(ctx)
    _check_usage(ctx)
    return ctx


def _check_slug(ctx: CheckContext) -> None:
    slug = ctx.data.get("slug")
    if isinstance(slug, str) and ctx.doc.path.suffix in (".yaml", ".yml") and ctx.doc.path.stem != slug:
        ctx.error(("slug",), f"slug {slug!r} must match the file name {ctx.doc.path.name!r}")


def _check_rounding(ctx: CheckContext) -> None:
    increment = as_map(as_map(ctx.data.get("rounding")).get("increment"))
    for unit in ("lb", "kg"):
        value = increment.get(unit)
        if isinstance(value, (int, float)) and value <= 0:
            ctx.error(("rounding", "increment", unit), "a rounding increment must be positive")


def _check_inputs(ctx: CheckContext) -> None:
    for iid, raw in as_map(ctx.data.get("inputs")).items():
        raw = as_map(raw)
        ctx.check_lift(("inputs", iid, "lift"), raw.get("lift"))
        if raw.get("kind") == "rep_max" and "reps" not in raw:
            ctx.error(("inputs", iid), "a rep_max input needs reps (1 for a 1RM)")
        if raw.get("kind") == "work_weight" and "reps" in raw:
            ctx.error(("inputs", iid, "reps"), "a work_weight input has no reps")


def _check_slots(ctx: CheckContext) -> None:
    inputs = as_map(ctx.data.get("inputs"))
    slots = as_map(ctx.data.get("slots"))
    for sid, raw in slots.items():
        raw = as_map(raw)
        ctx.check_lift(("slots", sid, "lift"), raw.get("lift"))
        if sid in inputs:
            ctx.error(("slots", sid), f"{sid!r} is both an input and a slot: `from` could not tell them apart")
        path: Path = ("slots", sid, "initial")
        initial = raw.get("initial")
        while isinstance(initial, dict):
            source = initial.get("from")
            if isinstance(source, str) and source not in inputs and source not in slots:
                hint = did_you_mean(source, inputs.keys() | slots.keys())
                ctx.error(path + ("from",), f"{source!r} is neither an input nor a slot{hint}")
            optional = as_map(inputs.get(source)).get("optional", False)
            if "otherwise" in initial and not optional:
                ctx.error(path + ("otherwise",), "otherwise is only used when `from` is an optional input")
            if isinstance(initial.get("percent"), (int, float)) and initial["percent"] > 200:
                ctx.error(path + ("percent",), f"{initial['percent']}% of the source is not a sane starting weight")
            initial, path = initial.get("otherwise"), path + ("otherwise",)
    _check_initial_cycles(ctx, slots)


def _initial_sources(raw: Any) -> Iterator[str]:
    initial = as_map(raw).get("initial")
    while isinstance(initial, dict):
        if isinstance(initial.get("from"), str):
            yield initial["from"]
        initial = initial.get("otherwise")


def _check_initial_cycles(ctx: CheckContext, slots: dict[str, Any]) -> None:
    for sid in slots:
        seen, frontier = set(), [sid]
        while frontier:
            current = frontier.pop()
            for source in _initial_sources(slots.get(current)):
                if source == sid:
                    ctx.error(("slots", sid, "initial", "from"), "initial values refer to each other in a loop")
                    frontier = []
                    break
                if source in slots and source not in seen:
                    seen.add(source)
                    frontier.append(source)


def _check_schedule(ctx: CheckContext) -> None:
    schedule = as_map(ctx.data.get("schedule"))
    has_weeks, has_every = "weeks" in schedule, "every_week" in schedule
    if has_weeks == has_every:
        ctx.error(("schedule",), "give exactly one of `weeks` and `every_week`")
    count = schedule.get("weeks_per_cycle")
    if has_weeks and isinstance(count, int) and count != len(as_list(schedule["weeks"])):
        listed = len(schedule["weeks"])
        verb = "is" if listed == 1 else "are"
        ctx.error(("schedule", "weeks_per_cycle"), f"weeks_per_cycle is {count} but {weeks_text(listed)} {verb} listed")
    named = as_map(ctx.data.get("workouts"))
    inline_ids: set[str] = set()
    for path, week, day, raw in ctx.schedule_days():
        if isinstance(raw, str) and raw not in named:
            ctx.unknown(path, "workout", raw, named)
        if isinstance(raw, dict):
            wid = inline_workout_id(raw, week, day)
            if wid in named or wid in inline_ids:
                ctx.error(path, f"inline workout id {wid!r} is already used")
            inline_ids.add(wid)


def _check_lookups(ctx: CheckContext) -> None:
    weeks = ctx.weeks_per_cycle
    for name, raw in as_map(ctx.data.get("lookups")).items():
        rows = as_list(as_map(raw).get("weeks"))
        if weeks is not None and rows and len(rows) != weeks:
            ctx.error(("lookups", name, "weeks"), f"has {weeks_text(len(rows))} but the cycle has {weeks}")


def _check_usage(ctx: CheckContext) -> None:
    """Unused workouts, slots and inputs are nearly always typos elsewhere."""
    scheduled = {raw for _, _, _, raw in ctx.schedule_days() if isinstance(raw, str)}
    referenced = {
        as_map(load).get("workout")
        for _, workout, _ in ctx.workouts()
        for load in _all_loads(workout)
    }
    for wid in as_map(ctx.data.get("workouts")):
        if wid not in scheduled and wid not in referenced:
            ctx.consequence(("workouts", wid), f"workout {wid!r} is never scheduled")
    used_slots = _used_slots(ctx)
    for sid in ctx.slot_ids - used_slots:
        ctx.consequence(("slots", sid), f"slot {sid!r} is used by no exercise, load or rule")
    used_inputs = {source for raw in as_map(ctx.data.get("slots")).values() for source in _initial_sources(raw)}
    for iid in ctx.input_ids - used_inputs:
        ctx.consequence(("inputs", iid), f"input {iid!r} is the starting point of no slot")


def _all_loads(workout: dict[str, Any]) -> Iterator[Any]:
    for exercise in as_list(workout.get("exercises")):
        exercise = as_map(exercise)
        yield exercise.get("load")
        for group in all_groups(exercise.get("sets")):
            yield as_map(group).get("load")




def _used_slots(ctx: CheckContext) -> set[str]:
    used: set[str] = set()
    for _, workout, _ in ctx.workouts():
        for exercise in as_list(workout.get("exercises")):
            used.add(default_slot(as_map(exercise), ctx.slot_ids) or "")
        used |= {as_map(load).get("of") for load in _all_loads(workout)} - {None}
    for lookup in as_map(ctx.data.get("lookups")).values():
        for week in as_list(as_map(lookup).get("weeks")):
            used |= {as_map(as_map(g).get("load")).get("of") for g in as_list(week)} - {None}
    for rule in as_list(ctx.data.get("progressions")):
        used |= {s for s in as_list(as_map(rule).get("slots")) if isinstance(s, str)}
    for raw in as_map(ctx.data.get("slots")).values():
        used |= set(_initial_sources(raw))
    return used
