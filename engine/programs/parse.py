"""From a schema-valid, semantically checked YAML mapping to the typed model.

Defaults are applied here, in one place (the naming conventions are in defaults.py); each
progression rule is parsed by its family (engine/programs/rules/).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from engine.programs import model as m
from engine.programs.defaults import default_slot, exercise_ids, inline_workout_id, schedule_weeks
from engine.programs.fields import amount, decimal, mode, rest
from engine.programs.lifts import Lift
from engine.programs.options import parse_options
from engine.programs.rounding import RoundingMode
from engine.programs.rules import family
from engine.programs.rules.base import common_fields
from engine.programs.units import DEFAULT_INCREMENT, to_decimal
from engine.programs.warmups import WarmupScheme


def build_program(
    data: dict[str, Any], lifts: Mapping[str, Lift], version: str, path: Path | None, text: str = "",
    warmups: Mapping[str, WarmupScheme] | None = None,
) -> m.Program:
    slots = {sid: _slot(sid, raw) for sid, raw in (data.get("slots") or {}).items()}
    workouts = {wid: _workout(wid, raw, slots) for wid, raw in (data.get("workouts") or {}).items()}
    schedule = _schedule(data["schedule"], workouts, slots)
    used = {s.lift for s in slots.values()} | {e.lift for w in workouts.values() for e in w.exercises}
    used |= {i["lift"] for i in (data.get("inputs") or {}).values()}
    return m.Program(
        slug=data["slug"],
        name=data["name"],
        version=version,
        rounding=_rounding(data.get("rounding") or {}),
        inputs={iid: _input(iid, raw) for iid, raw in (data.get("inputs") or {}).items()},
        slots=slots,
        lookups={name: tuple(_set_list(w) for w in raw["weeks"]) for name, raw in (data.get("lookups") or {}).items()},
        workouts=workouts,
        schedule=schedule,
        progressions=tuple(_rule(raw) for raw in data.get("progressions") or ()),
        lifts={slug: lifts[slug] for slug in sorted(used)},
        warmups={name: (warmups or {})[name] for name in sorted(_scheme_names(data, workouts))},
        warmup=data.get("warmup"),
        author=data.get("author", ""),
        source=data.get("source", ""),
        description=data.get("description", ""),
        level=data.get("level", ""),
        path=path,
        text=text,
        options=parse_options(data.get("options")),
    )


def _scheme_names(data: Mapping[str, Any], workouts: Mapping[str, m.Workout]) -> set[str]:
    named = {e.warmup for w in workouts.values() for e in w.exercises if isinstance(e.warmup, str)}
    return named | ({data["warmup"]} if data.get("warmup") else set())


def _rounding(raw: Mapping[str, Any]) -> m.Rounding:
    return m.Rounding(
        increment=amount(raw.get("increment")) or DEFAULT_INCREMENT,
        mode=mode(raw.get("mode")) or RoundingMode.NEAREST,
    )


def _input(input_id: str, raw: Mapping[str, Any]) -> m.Input:
    return m.Input(
        id=input_id,
        lift=raw["lift"],
        kind=raw["kind"],
        reps=raw.get("reps"),
        optional=raw.get("optional", False),
        description=raw.get("description", ""),
    )


def _initial(raw: Mapping[str, Any] | None) -> m.Initial | None:
    if raw is None:
        return None
    return m.Initial(
        source=raw["from"],
        percent=to_decimal(raw.get("percent", 100)),
        add=amount(raw.get("add")),
        round=mode(raw.get("round")),
        otherwise=_initial(raw.get("otherwise")),
    )


def _slot(slot_id: str, raw: Mapping[str, Any]) -> m.Slot:
    return m.Slot(slot_id, raw["lift"], raw["kind"], _initial(raw.get("initial")), raw.get("description", ""))


def _load(raw: Mapping[str, Any] | None) -> m.Load | None:
    if raw is None:
        return None
    return m.Load(
        type=m.LoadType(raw["type"]),
        of=raw.get("of"),
        percent=decimal(raw.get("percent")),
        add=amount(raw.get("add")),
        workout=raw.get("workout"),
        exercise=raw.get("exercise"),
        set=raw.get("set"),
        formula=raw.get("formula"),
        round=mode(raw.get("round")),
        reps=raw.get("reps"),
    )


def _set_group(raw: Mapping[str, Any]) -> m.SetGroup:
    return m.SetGroup(
        sets=raw.get("sets", 1),
        reps=raw.get("reps"),
        reps_max=raw.get("reps_max"),
        plus=raw.get("plus", False),
        kind=m.SetKind(raw.get("kind", "work")),
        percent=decimal(raw.get("percent")),
        rpe=decimal(raw.get("rpe")),
        load=_load(raw.get("load")),
        round=mode(raw.get("round")),
        tag=raw.get("tag"),
        seconds=raw.get("seconds"),
        stop_rpe=decimal(raw.get("stop_rpe")),
        warmup=raw.get("warmup", False),
        note=raw.get("note"),
        rest=rest(raw.get("rest")),
    )


def _set_list(raw: list[Any]) -> m.SetList:
    return tuple(_set_group(g) for g in raw)


def _set_plan(raw: Any) -> m.SetPlan:
    if isinstance(raw, list):
        return m.SetPlan(groups=_set_list(raw))
    if "lookup" in raw:
        return m.SetPlan(lookup=raw["lookup"])
    retest = raw.get("retest")
    return m.SetPlan(stages=tuple(_set_list(s) for s in raw["stages"]), retest=_set_list(retest) if retest else None)


def _workout(workout_id: str, raw: Mapping[str, Any], slots: Mapping[str, m.Slot]) -> m.Workout:
    ids = exercise_ids(raw["exercises"])
    exercises = tuple(
        m.Exercise(
            id=eid,
            lift=e["lift"],
            slot=default_slot(e, slots),
            sets=_set_plan(e["sets"]),
            load=_load(e.get("load")),
            weeks=frozenset(e["weeks"]) if "weeks" in e else None,
            tag=e.get("tag"),
            superset=e.get("superset"),
            note=e.get("note"),
            rest=rest(e.get("rest")),
            warmup=e.get("warmup"),
        )
        for eid, e in zip(ids, raw["exercises"], strict=True)
    )
    return m.Workout(id=workout_id, name=raw.get("name", workout_id), exercises=exercises, label=raw.get("label"))


def _schedule(raw: Mapping[str, Any], workouts: dict[str, m.Workout], slots: Mapping[str, m.Slot]) -> m.Schedule:
    weeks = []
    for w, week in enumerate(schedule_weeks(raw), start=1):
        days = []
        for d, day in enumerate(week["days"], start=1):
            if isinstance(day, dict):
                wid = inline_workout_id(day, w, d)
                workouts.setdefault(wid, _workout(wid, day, slots))
                day = wid
            days.append(day)
        weeks.append(m.Week(days=tuple(days), label=week.get("label")))
    ends_on = raw.get("ends_on")
    return m.Schedule(weeks=tuple(weeks), repeats=raw["after_cycle"] == "repeat",
                      ends_on=date.fromisoformat(ends_on) if isinstance(ends_on, str) else None,
                      shortest_entry=raw.get("shortest_entry", 1))


def _rule(raw: Mapping[str, Any]) -> m.Rule:
    """The rule's family parses it; a type no family registered raises UnknownRuleFamily."""
    return family(raw["type"]).parse(raw, common_fields(raw))
