"""The catalog as loaded at start-up: programs (their current versions) and the four machines.

Nothing here reads the database: the specs were loaded and validated once, by bootstrap.
"""

from __future__ import annotations

from typing import Any

from ..errors import UnknownMachine
from ..events import SET_LOGGED
from ..machines import MachineEvent, MachineSpec
from ..programs import Program, Trigger
from .state import number

# The design's "events drive progression" table: which event fires each rule trigger.
TRIGGER_EVENTS = {
    Trigger.AFTER_SET: SET_LOGGED,
    Trigger.ON_FAILURE: SET_LOGGED,  # a set logged with fewer reps than its target
    Trigger.AFTER_SESSION: MachineEvent.WORKOUT_COMPLETED.value,
    Trigger.AFTER_WEEK: MachineEvent.WEEK_COMPLETED.value,
    Trigger.AFTER_CYCLE: MachineEvent.CYCLE_COMPLETED.value,
}


def programs(ctx) -> list[dict[str, Any]]:
    """Every program of the catalog, by slug."""
    return [program_summary(p) for _, p in sorted(ctx.catalog.programs.items())]


def program(ctx, slug: str) -> dict[str, Any]:
    """One program in full; UnknownProgram names the known slugs."""
    loaded = ctx.catalog.current(slug).program
    return {
        **program_summary(loaded),
        "source": loaded.source,
        "rounding": {
            "increment": {"lb": number(loaded.rounding.increment.lb), "kg": number(loaded.rounding.increment.kg)},
            "mode": str(loaded.rounding.mode),
        },
        "inputs": [
            {"id": i.id, "lift": i.lift, "kind": i.kind, "reps": i.reps, "optional": i.optional,
             "description": i.description}
            for i in loaded.inputs.values()
        ],
        "options": [option.describe() for option in loaded.options.values()],
        "slots": [
            {"id": s.id, "lift": s.lift, "kind": s.kind, "description": s.description,
             "initial_from": None if s.initial is None else s.initial.source}
            for s in loaded.slots.values()
        ],
        "workouts": [_workout(w) for w in loaded.workouts.values()],
        "schedule": {
            "weeks_per_cycle": loaded.weeks_per_cycle,
            "repeats": loaded.repeats,
            "weeks": [
                {"week": n, "label": week.label, "days": list(week.days)}
                for n, week in enumerate(loaded.schedule.weeks, start=1)
            ],
        },
        "docs_page": program_page(loaded.slug),
        "preview": f"/programs/{loaded.slug}/preview",
        "progressions": [
            {"id": r.id, "type": r.type, "trigger": str(r.trigger), "event": TRIGGER_EVENTS.get(r.trigger),
             "slots": list(r.slots), "weeks": None if r.weeks is None else sorted(r.weeks),
             "description": r.description}
            for r in loaded.progressions
        ],
    }


def program_page(slug: str) -> str:
    """Where the program's generated page is, in the repository (``powerpro docs`` writes it)."""
    return f"docs/programs/{slug}.md"


def program_summary(loaded: Program) -> dict[str, Any]:
    return {
        "slug": loaded.slug,
        "name": loaded.name,
        "author": loaded.author,
        "level": loaded.level,
        "description": loaded.description,
        "days_per_week": max((len(w.days) for w in loaded.schedule.weeks), default=0),
        "weeks_per_cycle": loaded.weeks_per_cycle,
        "repeats": loaded.repeats,
        "version": loaded.version,
    }


def _workout(workout) -> dict[str, Any]:
    return {
        "id": workout.id,
        "name": workout.name,
        "label": workout.label,
        "exercises": [
            {
                "id": e.id,
                "lift": e.lift,
                "slot": e.slot,
                "tag": e.tag,
                "weeks": None if e.weeks is None else sorted(e.weeks),
                "sets": "lookup" if e.sets.lookup else "stages" if e.sets.stages else "fixed",
                "lookup": e.sets.lookup,
                "note": e.note,
            }
            for e in workout.exercises
        ],
    }


def machines(ctx) -> list[dict[str, Any]]:
    return [machine_view(spec) for _, spec in sorted(ctx.machines.items())]


def machine(ctx, name: str) -> dict[str, Any]:
    spec = ctx.machines.get(name)
    if spec is None:
        raise UnknownMachine(
            f"There is no machine {name!r}; GET /machines lists them.", {"known": sorted(ctx.machines)}
        )
    return machine_view(spec)


def machine_view(spec: MachineSpec) -> dict[str, Any]:
    creation = spec.creation
    return {
        "name": spec.name,
        "description": spec.description,
        "table": spec.table,
        "column": spec.column,
        "states": list(spec.states),
        "initial": spec.initial,
        "finals": [s for s in spec.states if s in spec.finals],
        "creation": None if creation is None else {
            "trigger": creation.trigger, "target": creation.target, "emits": creation.emits,
            "actors": list(creation.actors),
        },
        "transitions": [
            {"trigger": t.trigger, "source": t.source, "target": t.target, "emits": t.emits, "actors": list(t.actors)}
            for t in spec.transitions
        ],
        "events": sorted(spec.events),
        "stale_after_seconds": None if spec.stale_after is None else int(spec.stale_after.total_seconds()),
    }
