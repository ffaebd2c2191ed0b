"""From a schema-valid, semantically checked YAML mapping to the typed model.

Defaults are applied here, in one place: an exercise's id is its lift slug (numbered when
the lift repeats in a workout), its slot is the slot named like the lift, inline workouts
are called week<N>-day<M>.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from engine.programs import model as m
from engine.programs.lifts import Lift
from engine.programs.rounding import RoundingMode
from engine.programs.units import DEFAULT_INCREMENT, Amount, to_decimal


def build_program(
    data: dict[str, Any], lifts: Mapping[str, Lift], version: str, path: Path | None, text: str = ""
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
        author=data.get("author", ""),
        source=data.get("source", ""),
        description=data.get("description", ""),
        level=data.get("level", ""),
        path=path,
        text=text,
    )


def amount(raw: Mapping[str, Any] | None) -> Amount | None:
    return None if raw is None else Amount.of(raw["lb"], raw["kg"])


def increment(raw: Mapping[str, Any] | None) -> m.Increment | None:
    if raw is None:
        return None
    uniform = Amount.of(raw["lb"], raw["kg"]) if "lb" in raw and "kg" in raw else None
    return m.Increment(
        uniform=uniform,
        lower=amount(raw.get("lower")),
        upper=amount(raw.get("upper")),
        lifts={slug: Amount.of(a["lb"], a["kg"]) for slug, a in (raw.get("lifts") or {}).items()},
    )


def _decimal(raw: Any) -> Decimal | None:
    return None if raw is None else to_decimal(raw)


def _mode(raw: str | None) -> RoundingMode | None:
    return None if raw is None else RoundingMode(raw)


def _rounding(raw: Mapping[str, Any]) -> m.Rounding:
    return m.Rounding(
        increment=amount(raw.get("increment")) or DEFAULT_INCREMENT,
        mode=_mode(raw.get("mode")) or RoundingMode.NEAREST,
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
        round=_mode(raw.get("round")),
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
        percent=_decimal(raw.get("percent")),
        add=amount(raw.get("add")),
        workout=raw.get("workout"),
        exercise=raw.get("exercise"),
        set=raw.get("set"),
        formula=raw.get("formula"),
        round=_mode(raw.get("round")),
        reps=raw.get("reps"),
    )


def _set_group(raw: Mapping[str, Any]) -> m.SetGroup:
    return m.SetGroup(
        sets=raw.get("sets", 1),
        reps=raw.get("reps"),
        reps_max=raw.get("reps_max"),
        plus=raw.get("plus", False),
        kind=m.SetKind(raw.get("kind", "work")),
        percent=_decimal(raw.get("percent")),
        rpe=_decimal(raw.get("rpe")),
        load=_load(raw.get("load")),
        round=_mode(raw.get("round")),
        tag=raw.get("tag"),
        seconds=raw.get("seconds"),
        stop_rpe=_decimal(raw.get("stop_rpe")),
        warmup=raw.get("warmup", False),
        note=raw.get("note"),
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


def exercise_ids(exercises: list[Mapping[str, Any]]) -> list[str]:
    """Explicit ids, else the lift slug, numbered (squat, squat-2) when the lift repeats."""
    ids: list[str] = []
    for raw in exercises:
        base = raw.get("id") or raw.get("lift")
        candidate, n = base, 1
        while raw.get("id") is None and candidate in ids:
            n += 1
            candidate = f"{base}-{n}"
        ids.append(candidate)
    return ids


def default_slot(raw: Mapping[str, Any], slot_ids: Any) -> str | None:
    return raw.get("slot") or (raw.get("lift") if raw.get("lift") in slot_ids else None)


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
        )
        for eid, e in zip(ids, raw["exercises"])
    )
    return m.Workout(id=workout_id, name=raw.get("name", workout_id), exercises=exercises, label=raw.get("label"))


def inline_workout_id(raw: Mapping[str, Any], week: int, day: int) -> str:
    return raw.get("id") or f"week{week}-day{day}"


def schedule_weeks(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``every_week`` is shorthand for weeks_per_cycle identical weeks."""
    if "weeks" in raw:
        return list(raw["weeks"])
    return [{"days": raw["every_week"]} for _ in range(raw.get("weeks_per_cycle", 1))]


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
    return m.Schedule(weeks=tuple(weeks), repeats=raw["after_cycle"] == "repeat")


def _change(raw: Mapping[str, Any] | None) -> m.Change | None:
    if raw is None:
        return None
    return m.Change(add=increment(raw.get("add")), percent=_decimal(raw.get("percent")), round=_mode(raw.get("round")))


def _rule(raw: Mapping[str, Any]) -> m.Rule:
    driver = raw.get("driver") or {}
    common = dict(
        id=raw["id"],
        type=raw["type"],
        trigger=m.Trigger(raw["trigger"]),
        slots=tuple(raw["slots"]),
        driver=m.Driver(tag=driver.get("tag"), amrap=driver.get("amrap"), workout=driver.get("workout")),
        weeks=frozenset(raw["weeks"]) if "weeks" in raw else None,
        description=raw.get("description", ""),
    )
    kind = raw["type"]
    if kind == "linear":
        return m.LinearRule(**common, when=raw.get("when", "success"), change=_change(raw["change"]))
    if kind == "deload":
        return m.DeloadRule(**common, after_failures=raw["after_failures"], change=_change(raw["change"]))
    if kind == "rep_table":
        rows = tuple(m.TableRow(r["min"], r.get("max"), _change(r.get("change"))) for r in raw["rows"])
        missed = _change(raw.get("on_missed_sets"))
        return m.RepTableRule(**common, measure=raw["measure"], rows=rows, on_missed_sets=missed)
    if kind == "stages":
        last = raw["on_last_stage_failure"]
        failure = m.LastStageFailure(
            last["action"], _decimal(last.get("percent")), _mode(last.get("round")), increment(last.get("add"))
        )
        return m.StagesRule(
            **common,
            success=raw.get("success", "total_reps"),
            on_success=_change(raw["on_success"]),
            on_last_stage_failure=failure,
        )
    if kind == "double_progression":
        return m.DoubleProgressionRule(**common, change=_change(raw["change"]))
    if kind == "rep_standard":
        return m.RepStandardRule(
            **common,
            standard=raw.get("standard"),
            standards=tuple(raw.get("standards") or ()),
            step=increment(raw["step"]),
            never_decrease=raw.get("never_decrease", False),
        )
    if kind == "e1rm":
        return m.E1rmRule(
            **common,
            formula=raw["formula"],
            tm_percent=to_decimal(raw.get("tm_percent", 100)),
            round_max=_mode(raw.get("round_max")),
            update=raw.get("update", "if_higher"),
            on_no_record=_change(raw.get("on_no_record")),
            on_failure=_change(raw.get("on_failure")),
        )
    return m.MaxTestRule(**common, percent=to_decimal(raw.get("percent", 100)), round=_mode(raw.get("round")))
