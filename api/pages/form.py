"""The preview form: one-line text fields in the simulator's vocabulary, read into a scenario.

The fields are those of ``powerpro simulate``: ``maxes`` (``NAME=WEIGHT, ...``, NAME an input
id or a lift), ``unit``, ``cycles``, and ``amrap``, ``rpe``, ``choice``, ``fail`` (comma-separated
flag values, e.g. ``squat=+2, 8`` or ``squat@1/2/1:2``). Every mistake becomes one message for
the page: a bad form never fails the request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from engine.preview import MAX_CYCLES
from engine.programs import Program
from engine.programs.sample_inputs import sample_inputs
from engine.programs.units import Unit, Weight, format_decimal
from engine.scenario import Override, Scenario, ScenarioError, parse_flag
from engine.scenario_terms import parse_weight
from engine.spec_files import SpecError

from . import FIELDS, FLAGS, MAX_FIELD_CHARS

SOURCE = "form"


@dataclass
class Form:
    """What the lifter typed (to fill the form again) and what it means, or why not."""

    values: dict[str, str]
    scenario: Scenario | None = None
    cycles: int = 1
    errors: list[str] = field(default_factory=list)


def read_form(program: Program, params: Mapping[str, str]) -> Form:
    values = {name: _text(params.get(name)) for name in FIELDS}
    form = Form(values)
    unit = _unit(form)
    if not values["maxes"]:
        values["maxes"] = maxes_text(sample_inputs(program, unit))
    if not values["cycles"]:
        values["cycles"] = "2" if program.repeats else "1"
    form.cycles = _cycles(form)
    maxes = _maxes(form, unit)
    overrides = _overrides(form, unit)
    if form.errors:
        return form
    scenario = Scenario(unit=unit, source=SOURCE).extended(overrides, maxes=maxes)
    try:
        scenario.check(program, form.cycles)
    except ScenarioError as exc:
        form.errors += [_message(e) for e in exc.errors]
        return form
    form.scenario = scenario
    return form


def maxes_text(maxes: Mapping[str, Weight]) -> str:
    return ", ".join(f"{name}={format_decimal(w.value)}" for name, w in maxes.items())


def _text(value: object) -> str:
    if isinstance(value, list):  # a field given twice: the last wins, as a form submits it once
        value = value[-1] if value else ""
    return str(value or "").strip()[:MAX_FIELD_CHARS]


def _unit(form: Form) -> Unit:
    text = form.values["unit"] or "lb"
    if text not in ("lb", "kg"):
        form.errors.append(f"unit: write lb or kg, not {text!r}")
        text = "lb"
    form.values["unit"] = text
    return Unit(text)


def _cycles(form: Form) -> int:
    text = form.values["cycles"]
    if not text.isdigit() or not 1 <= int(text) <= MAX_CYCLES:
        form.errors.append(f"cycles: a whole number from 1 to {MAX_CYCLES}, not {text!r}")
        return 1
    return int(text)


def _maxes(form: Form, unit: Unit) -> dict[str, Weight]:
    maxes = {}
    for item in _items(form.values["maxes"]):
        name, sep, number = (part.strip() for part in item.partition("="))
        if not sep or not name:
            form.errors.append(f"maxes: write NAME=WEIGHT (an input id or a lift, e.g. squat=300), not {item!r}")
            continue
        try:
            maxes[name] = parse_weight(number, unit)
        except ValueError as exc:
            form.errors.append(f"maxes: {name}: {exc}")
    return maxes


def _overrides(form: Form, unit: Unit) -> list[Override]:
    overrides = []
    for option in FLAGS:
        for item in _items(form.values[option]):
            try:
                overrides.append(parse_flag(option, item, unit))
            except ScenarioError as exc:
                form.errors += [f"{option}: {e.message}" for e in exc.errors]
    return overrides


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _message(error: SpecError) -> str:
    """``fail: squat@9/1: ...``: the field, then why, without the scenario file's name."""
    where = error.field.removeprefix("command line").strip() or error.field or "form"
    return f"{where}: {error.message}"
