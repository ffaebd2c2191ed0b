"""Warm-up schemes (specs/warmups.yaml) and the warm-up sets they prescribe before a work set.

A scheme is data: steps of the empty bar, a percent of the first work set (or of the slot), or
``below: N`` steps of ``step_percent`` under the first work set. ``ramp`` turns a scheme into
weights for one exercise; prescribe.py makes them prescribed sets marked ``warmup``, which no
rule, record or failure reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from engine.programs.lifts import SPECS_DIR, Lift, load_schema
from engine.programs.rounding import RoundingMode, round_weight
from engine.programs.units import EMPTY_BAR, Amount, Weight, to_decimal
from engine.spec_files import SpecErrors, load_document, schema_errors

DEFAULT_WARMUPS_PATH = SPECS_DIR / "warmups.yaml"
NO_WARMUP = False  # `warmup: false` on an exercise: none, whatever the program names


@dataclass(frozen=True)
class WarmupStep:
    sets: int = 1
    reps: int | None = None  # None: the first work set's reps
    bar: bool = False
    percent: Decimal | None = None
    below: int | None = None


@dataclass(frozen=True)
class WarmupScheme:
    name: str
    steps: tuple[WarmupStep, ...]
    lifts: Mapping[str, tuple[WarmupStep, ...]] = field(default_factory=dict)
    of: str = "first_set"  # first_set | slot
    round: RoundingMode = RoundingMode.FLOOR
    step_percent: Decimal | None = None
    description: str = ""
    source: str = ""

    def steps_for(self, lift: str) -> tuple[WarmupStep, ...]:
        return self.lifts.get(lift, self.steps)


@dataclass(frozen=True)
class WarmupSet:
    """One warm-up set: ``reps`` at ``weight``; ``percent`` and ``basis`` say where it came from."""

    reps: int
    weight: Weight
    percent: Decimal | None
    basis: str


def applies_to(lift: Lift) -> bool:
    """Warm-up schemes load a barbell: bodyweight and other lifts get none."""
    return lift.barbell and not lift.bodyweight


def ramp(scheme: WarmupScheme, lift: Lift, first_set: Weight | None, work_reps: int | None,
         slot: Weight | None, increment: Amount, slot_label: str = "the slot") -> list[WarmupSet]:
    """The warm-up sets before a first work set of ``first_set`` x ``work_reps``, lightest first.

    Each weight is rounded to ``increment`` with the scheme's mode, never below the bar; a step
    no heavier than the one before it (the bar twice over) or as heavy as the work set is left
    out, so a light work set gets a short ramp and an empty-bar work set none."""
    if not applies_to(lift) or first_set is None:
        return []
    base = slot if scheme.of == "slot" else first_set
    out: list[WarmupSet] = []
    last: Decimal | None = None
    for step in scheme.steps_for(lift.slug):
        warm = _step(scheme, step, base, first_set, increment, slot_label)
        if warm is None or warm[0].value >= first_set.value or (last is not None and warm[0].value <= last):
            continue
        reps = step.reps or work_reps or 1
        out += [WarmupSet(reps, warm[0], step.percent, warm[1])] * step.sets
        last = warm[0].value
    return out


def _step(scheme: WarmupScheme, step: WarmupStep, base: Weight | None, first_set: Weight,
          increment: Amount, slot_label: str) -> tuple[Weight, str] | None:
    unit = first_set.unit
    if step.bar:
        return Weight(EMPTY_BAR.in_unit(unit), unit), "empty bar"
    if step.percent is not None:
        if base is None:
            return None
        exact = base.to(unit).percent(step.percent)
        what = slot_label if scheme.of == "slot" else "the first work set"
        return round_weight(exact, increment, scheme.round, EMPTY_BAR), f"{step.percent}% of {what}"
    assert step.below is not None and scheme.step_percent is not None
    one = round_weight(first_set.percent(scheme.step_percent), increment, RoundingMode.NEAREST)
    value = max(first_set.value - step.below * one.value, EMPTY_BAR.in_unit(unit))
    return Weight(value, unit), f"first work set - {step.below} x {one.value} ({scheme.step_percent}%)"


# --- the spec file ------------------------------------------------------------------------------

def load_warmups(path: Path | str = DEFAULT_WARMUPS_PATH, lifts: Mapping[str, Lift] | None = None
                 ) -> dict[str, WarmupScheme]:
    """Every scheme keyed by name; every mistake in the file at once, located (like lifts.yaml)."""
    doc = load_document(path)
    errors = schema_errors(doc, load_schema("warmups.schema.json"))
    schemes = (doc.data or {}).get("warmups") if isinstance(doc.data, dict) else None
    if not errors and isinstance(schemes, dict):
        for name, raw in schemes.items():
            if lifts is not None:
                errors += [doc.error(("warmups", name, "lifts", slug), f"unknown lift {slug!r}")
                           for slug in raw.get("lifts") or {} if slug not in lifts]
            lists = [("steps", raw["steps"])] + [(("lifts", s), v) for s, v in (raw.get("lifts") or {}).items()]
            errors += [doc.error(("warmups", name, *([where] if isinstance(where, str) else where), i, "below"),
                                 "a below step needs the scheme's step_percent")
                       for where, steps in lists for i, step in enumerate(steps)
                       if "below" in step and "step_percent" not in raw]
    if errors:
        raise SpecErrors(errors)
    return {name: _scheme(name, raw) for name, raw in schemes.items()}


@cache
def shipped_warmups() -> dict[str, WarmupScheme]:
    return load_warmups(DEFAULT_WARMUPS_PATH)


def _scheme(name: str, raw: Mapping[str, Any]) -> WarmupScheme:
    return WarmupScheme(
        name=name,
        steps=_steps(raw["steps"]),
        lifts={slug: _steps(steps) for slug, steps in (raw.get("lifts") or {}).items()},
        of=raw.get("of", "first_set"),
        round=RoundingMode(raw.get("round", "floor")),
        step_percent=None if "step_percent" not in raw else to_decimal(raw["step_percent"]),
        description=raw.get("description", ""),
        source=raw.get("source", ""),
    )


def _steps(raw: list[Mapping[str, Any]]) -> tuple[WarmupStep, ...]:
    return tuple(_step_of(s) for s in raw)


def _step_of(raw: Mapping[str, Any]) -> WarmupStep:
    percent = None if "percent" not in raw else to_decimal(raw["percent"])
    return WarmupStep(sets=raw.get("sets", 1), reps=raw.get("reps"), bar=raw.get("bar", False), percent=percent,
                      below=raw.get("below"))
