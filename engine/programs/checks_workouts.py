"""Semantic checks of workouts: exercises, set groups and loads (run by checks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from engine.programs.check_context import CheckContext, Path, as_list, as_map, weeks_text
from engine.programs.defaults import default_slot, exercise_ids
from engine.programs.e1rm import CHART_MAX_REPS, RPE_MAX, RPE_MIN
from engine.programs.units import to_decimal
from engine.spec_messages import did_you_mean

NEEDS_REPS = {"work", "rm_find", "total_reps", "until_failure", "fatigue"}
SLOT_LOADS = {"slot", "rpe", "rep_target"}
NO_PERCENT_LOADS = {"user", "bodyweight", "rep_target"}


def check_workouts(ctx: CheckContext) -> None:
    ids_by_workout = {
        wid: exercise_ids([as_map(e) for e in as_list(w.get("exercises"))]) for wid, w, _ in ctx.workouts()
    }
    for name, raw in as_map(ctx.data.get("lookups")).items():
        for w, week in enumerate(as_list(as_map(raw).get("weeks"))):
            for g, group in enumerate(as_list(week)):
                _check_group(ctx, ("lookups", name, "weeks", w, g), as_map(group))
    for wid, workout, path in ctx.workouts():
        exercises = [as_map(e) for e in as_list(workout.get("exercises"))]
        _check_ids(ctx, path, exercises)
        for index, exercise in enumerate(exercises):
            _check_exercise(ctx, path + ("exercises", index), exercise, wid, ids_by_workout, index)
    _check_workout_cycles(ctx)


def _check_ids(ctx: CheckContext, path: Path, exercises: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for index, (eid, raw) in enumerate(zip(exercise_ids(exercises), exercises, strict=True)):
        if eid in seen and "id" in raw:
            ctx.error(path + ("exercises", index, "id"), f"exercise id {eid!r} is used twice in this workout")
        seen.add(eid)


ExerciseIds = dict[str, list[str]]  # workout id -> its exercise ids in order


def _check_exercise(
    ctx: CheckContext, path: Path, exercise: dict[str, Any], wid: str, ids: ExerciseIds, index: int
) -> None:
    ctx.check_lift(path + ("lift",), exercise.get("lift"))
    slot = exercise.get("slot")
    if isinstance(slot, str) and slot not in ctx.slot_ids:
        ctx.unknown(path + ("slot",), "slot", slot, ctx.slot_ids)
    effective_slot = default_slot(exercise, ctx.slot_ids)
    sets = exercise.get("sets")
    lookup = as_map(sets).get("lookup")
    if isinstance(lookup, str) and lookup not in as_map(ctx.data.get("lookups")):
        ctx.unknown(path + ("sets", "lookup"), "lookup", lookup, as_map(ctx.data.get("lookups")))
    if "stages" in as_map(sets) and effective_slot is None:
        ctx.error(path + ("sets",), "staged sets need a slot to hold the stage")
    weeks = ctx.weeks_per_cycle
    for i, week in enumerate(as_list(exercise.get("weeks"))):
        if isinstance(week, int) and weeks is not None and week > weeks:
            ctx.error(path + ("weeks", i), f"week {week} is past the end of the cycle ({weeks_text(weeks)})")
    exercise_load = as_map(exercise.get("load"))
    if exercise_load:
        _check_load(ctx, path + ("load",), exercise_load, wid, ids, index)
    for group_path, group in _groups(path, sets):
        _check_group(ctx, group_path, group)
        load = as_map(group.get("load")) or exercise_load
        if group.get("load"):
            _check_load(ctx, group_path + ("load",), load, wid, ids, index)
        _check_group_load(ctx, group_path, group, load, effective_slot)
    for group in _lookup_groups(ctx, lookup):
        _check_group_load(ctx, path + ("sets",), group, as_map(group.get("load")) or exercise_load, effective_slot)


def _groups(path: Path, sets: Any) -> Iterator[tuple[Path, dict[str, Any]]]:
    if isinstance(sets, list):
        for g, group in enumerate(sets):
            yield path + ("sets", g), as_map(group)
    for s, stage in enumerate(as_list(as_map(sets).get("stages"))):
        for g, group in enumerate(as_list(stage)):
            yield path + ("sets", "stages", s, g), as_map(group)
    for g, group in enumerate(as_list(as_map(sets).get("retest"))):
        yield path + ("sets", "retest", g), as_map(group)


def _lookup_groups(ctx: CheckContext, lookup: Any) -> Iterator[dict[str, Any]]:
    if isinstance(lookup, str):
        for week in as_list(as_map(as_map(ctx.data.get("lookups")).get(lookup)).get("weeks")):
            yield from (as_map(g) for g in as_list(week))


def _check_group(ctx: CheckContext, path: Path, group: dict[str, Any]) -> None:
    kind = group.get("kind", "work")
    reps, reps_max = group.get("reps"), group.get("reps_max")
    if kind in NEEDS_REPS and reps is None:
        ctx.error(path, f"a {kind} set needs reps")
    if kind == "timed" and "seconds" not in group:
        ctx.error(path, "a timed set needs seconds")
    if isinstance(reps, int) and isinstance(reps_max, int) and reps_max <= reps:
        ctx.error(path + ("reps_max",), f"reps_max {reps_max} must be above reps {reps}")
    if group.get("plus") and kind != "work":
        ctx.error(path + ("plus",), f"plus marks the last set of a work group AMRAP; a {kind} set cannot be plus")
    if kind == "fatigue" and "stop_rpe" not in group:
        ctx.error(path, "fatigue sets need stop_rpe")
    for key in ("rpe", "stop_rpe"):
        value = group.get(key)
        if isinstance(value, (int, float)) and (to_decimal(value) * 2) % 1:
            ctx.error(path + (key,), f"RPE goes in half steps, not {value}")


def _check_group_load(
    ctx: CheckContext, path: Path, group: dict[str, Any], load: dict[str, Any], slot: str | None
) -> None:
    kind = load.get("type", "slot")
    if kind in SLOT_LOADS and slot is None and not load.get("of") and group.get("kind") != "rm_find":
        ctx.consequence(path, "this load needs a slot: set the exercise's slot, or the load's `of`")
    if kind in NO_PERCENT_LOADS and "percent" in group:
        ctx.error(path + ("percent",), f"a {kind} load takes no percent")
    if kind == "rpe":
        rpe, reps = group.get("rpe"), group.get("reps")
        if not isinstance(rpe, (int, float)) or not isinstance(reps, int):
            ctx.error(path, "an rpe load needs the set's reps and rpe")
        elif not RPE_MIN <= to_decimal(rpe) <= RPE_MAX or reps > CHART_MAX_REPS:
            ctx.error(path, f"the RPE chart covers RPE 6.5-10 and 1-{CHART_MAX_REPS} reps, not {reps} @ {rpe}")
    if kind == "rep_target" and not isinstance(group.get("reps"), int):
        ctx.error(path, "a rep_target load needs the set's reps")


def _check_load(ctx: CheckContext, path: Path, load: dict[str, Any], wid: str, ids: ExerciseIds, index: int) -> None:
    kind = load.get("type")
    of = load.get("of")
    if isinstance(of, str) and of not in ctx.slot_ids:
        ctx.unknown(path + ("of",), "slot", of, ctx.slot_ids)
    if kind == "rep_target" and "formula" not in load:
        ctx.error(path, "a rep_target load needs a formula")
    if kind != "rep_target" and "formula" in load:
        ctx.error(path + ("formula",), "formula is only used by rep_target loads")
    if kind != "rep_target" and "reps" in load:
        ctx.error(path + ("reps",), "reps is only used by rep_target loads")
    if kind not in ("workout", "logged"):
        for key in ("workout", "exercise", "set"):
            if key in load:
                ctx.error(path + (key,), f"{key} is only used by workout and logged loads")
    if kind == "workout":
        target, exercise = load.get("workout"), load.get("exercise")
        if target is None or exercise is None:
            ctx.error(path, "a workout load needs workout and exercise")
        elif target not in ids:
            ctx.unknown(path + ("workout",), "workout", target, ids)
        elif exercise not in ids[target]:
            hint = did_you_mean(exercise, ids[target])
            ctx.error(path + ("exercise",), f"workout {target!r} has no exercise {exercise!r}{hint}")
    if kind == "logged" and isinstance(load.get("exercise"), str):
        earlier = ids.get(wid, [])[: index + 1]
        if load["exercise"] not in earlier:
            ctx.error(path + ("exercise",), f"no exercise {load['exercise']!r} at or before this one in the workout")
    percent = load.get("percent")
    if isinstance(percent, (int, float)) and to_decimal(percent) <= Decimal(0):
        ctx.error(path + ("percent",), "percent must be positive")


def _check_workout_cycles(ctx: CheckContext) -> None:
    """Workout loads form a graph between workouts; a loop would never resolve."""
    edges: dict[str, set[str]] = {}
    paths: dict[str, Path] = {}
    for wid, workout, path in ctx.workouts():
        paths[wid] = path
        for exercise in as_list(workout.get("exercises")):
            exercise = as_map(exercise)
            loads = [exercise.get("load")] + [as_map(g).get("load") for _, g in _groups((), exercise.get("sets"))]
            targets = (as_map(load) for load in loads)
            edges.setdefault(wid, set()).update(
                load["workout"] for load in targets if load.get("type") == "workout" and load.get("workout")
            )
    for start in edges:
        stack, seen = list(edges[start]), set()
        while stack:
            current = stack.pop()
            if current == start:
                ctx.error(paths[start], f"workout {start!r} depends on its own loads through workout loads")
                break
            if current not in seen:
                seen.add(current)
                stack.extend(edges.get(current, ()))
