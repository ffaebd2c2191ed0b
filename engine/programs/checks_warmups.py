"""Semantic checks of a program's warm-ups and rest times: what JSON Schema cannot say.

A named warm-up scheme must exist in specs/warmups.yaml, an exercise that names one must be a
barbell lift (schemes load a bar), and a rest range must not end before it starts.
"""

from __future__ import annotations

from typing import Any

from engine.programs.check_context import CheckContext, Path, all_groups, as_list, as_map
from engine.programs.warmups import applies_to


def check_warmups_and_rest(ctx: CheckContext) -> None:
    _check_scheme(ctx, ("warmup",), ctx.data.get("warmup"))
    for name, raw in as_map(ctx.data.get("lookups")).items():
        for w, week in enumerate(as_list(as_map(raw).get("weeks"))):
            for g, group in enumerate(as_list(week)):
                _check_rest(ctx, ("lookups", name, "weeks", w, g, "rest"), as_map(group).get("rest"))
    for _, workout, path in ctx.workouts():
        for index, exercise in enumerate(as_list(workout.get("exercises"))):
            _check_exercise(ctx, path + ("exercises", index), as_map(exercise))


def _check_exercise(ctx: CheckContext, path: Path, exercise: dict[str, Any]) -> None:
    _check_rest(ctx, path + ("rest",), exercise.get("rest"))
    sets = exercise.get("sets")
    if isinstance(sets, list):
        for g, group in enumerate(sets):
            _check_rest(ctx, path + ("sets", g, "rest"), as_map(group).get("rest"))
    else:  # staged plans: the groups are checked where they are, paths by stage are not worth the noise
        for group in all_groups(sets):
            _check_rest(ctx, path + ("sets",), as_map(group).get("rest"))
    scheme = exercise.get("warmup")
    if isinstance(scheme, str) and _check_scheme(ctx, path + ("warmup",), scheme):
        lift = ctx.lifts.get(exercise.get("lift"))  # type: ignore[arg-type]
        if lift is not None and not applies_to(lift):
            ctx.error(path + ("warmup",), f"warm-up schemes load a barbell; {lift.slug} is not a barbell lift "
                                          "(leave warmup out)")


def _check_scheme(ctx: CheckContext, path: Path, name: Any) -> bool:
    if not isinstance(name, str):
        return False
    if name not in ctx.warmups:
        ctx.error(path, f"unknown warm-up scheme {name!r}: specs/warmups.yaml has {', '.join(sorted(ctx.warmups))}")
        return False
    return True


def _check_rest(ctx: CheckContext, path: Path, rest: Any) -> None:
    if isinstance(rest, dict) and isinstance(rest.get("min"), int) and isinstance(rest.get("max"), int) \
            and rest["min"] > rest["max"]:
        ctx.error(path, f"rest ends ({rest['max']} s) before it starts ({rest['min']} s)")
