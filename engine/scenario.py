"""A scenario: how a simulated lifter performs (pure data and parsing, no database).

The simulator (``powerpro simulate``), a program's ``examples:`` and the preview page all say
how the lifter lifts with this one vocabulary (docs/programs.md, "Scenarios")::

    unit: lb                                   # optional (default lb)
    maxes: {squat: 400, bench-press.1rm: 200}  # by lift slug or input id; numbers in `unit`
    cycles: 2                                  # optional
    lifter:                                    # everywhere (the defaults shown)
      amrap: "+0"     # AMRAP / max-rep sets: "+N" over the minimum, or an absolute count N
      rpe: target     # RPE sets: the target RPE, or a number
      choice: target  # lifter's-choice / max-test sets: target, "90%" of the target, or a weight
    performances:     # overrides in order, later ones win; `at` is CYCLE/WEEK/DAY, `*` any
      - {lift: squat, at: "1/3/*", amrap: 8}
      - {lift: bench-press, at: "1/2/1", fail: 2}   # every work set there 2 reps short

API (stable; additions only):

- :meth:`Scenario.from_mapping` ``(data, *, source=..., locate=None, base=())`` parses a
  mapping; :meth:`Scenario.from_document` one inside a :class:`~engine.spec_files.SpecDocument`
  (errors at their lines); :func:`load` a scenario file. Mistakes raise :class:`ScenarioError`
  (a :class:`~engine.spec_files.SpecErrors`: every mistake, each with file, line and field).
- :meth:`Scenario.performance` ``(lift, cycle, week, day)`` -> :class:`Performance`
  (``amrap``, ``rpe``, ``choice``, ``fail``); week, day and cycle are 1-based.
- :meth:`Scenario.check` ``(program, cycles=None)``: unknown lifts and maxes (with "did you
  mean"), cycle/week/day out of range, a lift not trained where a performance names it,
  required maxes missing; raises :class:`ScenarioError`.
- :meth:`Scenario.inputs` ``(program)``: the maxes keyed by the program's input ids.
- :func:`parse_flag` ``(option, text, unit="lb")``: one command-line flag (``--amrap squat=+2``,
  ``--rpe 8``, ``--choice 90%``, ``--fail squat@1/2/1:2``) as an :class:`Override`;
  :meth:`Scenario.extended` appends overrides and maxes (flags after the file: they win).

``at`` with two parts (WEEK/DAY) matches every cycle. ``choice: P%`` is P percent of the target
load (for a 1RM test: of the current max). What the lifter then logs for a set is
:func:`engine.simulated_lifter.perform`; :class:`engine.simulation.Simulator` runs a program.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.programs.model import Program
from engine.programs.units import Unit, Weight
from engine.scenario_check import problems
from engine.scenario_terms import (
    ANYWHERE,
    Amrap,
    At,
    Choice,
    ChoiceKind,
    Override,
    Performance,
    ScenarioError,
    Where,
    parse_amrap,
    parse_at,
    parse_choice,
    parse_fail,
    parse_rpe,
    parse_weight,
)
from engine.spec_files import FieldPath, SpecDocument, field_name, load_document
from engine.spec_messages import did_you_mean

__all__ = [
    "ANYWHERE", "Amrap", "At", "Choice", "ChoiceKind", "Override", "Performance", "Scenario",
    "ScenarioError", "Where", "load", "parse_flag",
]

TOP_FIELDS = ("unit", "maxes", "cycles", "lifter", "performances")
OVERRIDE_FIELDS = ("lift", "at", "amrap", "rpe", "choice", "fail")
MAX_CYCLES = 50


@dataclass(frozen=True)
class Scenario:
    unit: Unit = Unit.LB
    maxes: Mapping[str, Weight] = field(default_factory=dict)  # by lift slug or input id
    cycles: int | None = None
    lifter: Performance = Performance()
    performances: tuple[Override, ...] = ()
    max_origins: Mapping[str, Where] = field(default_factory=dict)
    source: str = "<scenario>"

    @classmethod
    def from_mapping(cls, data: Any, *, source: str = "<scenario>",
                     locate: Callable[[FieldPath], int | None] | None = None, base: FieldPath = ()) -> Scenario:
        """Parse a scenario mapping; ``locate`` maps a field path (``base`` + the field's) to its line."""
        return _Parser(source, locate or (lambda path: None), base).scenario(data)

    @classmethod
    def from_document(cls, doc: SpecDocument, path: FieldPath = ()) -> Scenario:
        """The scenario at ``path`` of a parsed YAML document (a program's example, a scenario file)."""
        data = doc.data
        for part in path:
            data = data[part]
        return cls.from_mapping(data, source=doc.name, locate=doc.line_of, base=tuple(path))

    def performance(self, lift: str, cycle: int, week: int, day: int) -> Performance:
        """How ``lift`` is performed in cycle/week/day (1-based): the lifter's defaults, then every
        matching override in order."""
        result = self.lifter
        for override in self.performances:
            if (override.lift is None or override.lift == lift) and override.at.matches(cycle, week, day):
                result = override.applied_to(result)
        return result

    def extended(self, overrides: Iterable[Override] = (), maxes: Mapping[str, Weight] | None = None,
                 max_origins: Mapping[str, Where] | None = None, cycles: int | None = None,
                 unit: Unit | str | None = None) -> Scenario:
        """This scenario with more overrides (they win), more maxes and optionally cycles/unit."""
        return replace(
            self,
            performances=self.performances + tuple(overrides),
            maxes={**self.maxes, **(maxes or {})},
            max_origins={**self.max_origins, **(max_origins or {})},
            cycles=self.cycles if cycles is None else cycles,
            unit=self.unit if unit is None else Unit(unit),
        )

    def inputs(self, program: Program) -> dict[str, Weight]:
        """The maxes keyed by input id: an input id's own value, else its lift's."""
        out = {}
        for spec in program.inputs.values():
            weight = self.maxes.get(spec.id) or self.maxes.get(spec.lift)
            if weight is not None:
                out[spec.id] = weight
        return out

    def check(self, program: Program, cycles: int | None = None) -> None:
        """Raise :class:`ScenarioError` naming every reference ``program`` does not have."""
        errors = problems(self, program, cycles or self.cycles or 1)
        if errors:
            raise ScenarioError(errors)


def load(path: Path | str) -> Scenario:
    """A scenario file; a YAML syntax error or a mistake raises :class:`SpecErrors`, located."""
    return Scenario.from_document(load_document(path))


FLAG_FIELDS = {"amrap": parse_amrap, "rpe": parse_rpe, "choice": None}  # choice needs the unit


def parse_flag(option: str, text: str, unit: Unit | str = Unit.LB) -> Override:
    """One command-line flag as an override: ``--amrap [LIFT=]+N|N``, ``--rpe [LIFT=]N``,
    ``--choice [LIFT=]target|P%|WEIGHT``, ``--fail LIFT@[CYCLE/]WEEK/DAY[:SHORT]``."""
    where = Where("command line", None, f"--{option} {text}")
    try:
        if option == "fail":
            return _fail_flag(text, where)
        lift, _, value = text.rpartition("=")
        if option == "choice":
            parsed: Any = parse_choice(value, Unit(unit))
        elif option in FLAG_FIELDS:
            parsed = FLAG_FIELDS[option](value)
        else:
            raise ValueError(f"unknown option --{option}")
        return Override(lift=lift or None, where=where, **{option: parsed})
    except ValueError as exc:
        raise ScenarioError([where.error(str(exc))]) from None


def _fail_flag(text: str, where: Where) -> Override:
    match = re.fullmatch(r"(?P<lift>[\w.-]+)@(?P<at>[^:]+)(?::(?P<short>\d+))?", text.strip())
    if not match:
        raise ValueError("write LIFT@[CYCLE/]WEEK/DAY[:SHORT], e.g. squat@1/2/1:2 (day 1 is the week's first)")
    short = int(match["short"]) if match["short"] else 1
    return Override(lift=match["lift"], at=parse_at(match["at"]), fail=parse_fail(short), where=where)




class _Parser:
    """Reads a scenario mapping, collecting every mistake with its field path and line."""

    def __init__(self, source: str, locate: Callable[[FieldPath], int | None], base: FieldPath) -> None:
        self.source, self.locate, self.base = source, locate, tuple(base)
        self.errors: list = []

    def where(self, *path: str | int) -> Where:
        full = self.base + path
        return Where(self.source, self.locate(full), field_name(full))

    def fail(self, path: tuple[str | int, ...], message: str) -> None:
        self.errors.append(self.where(*path).error(message))

    def scenario(self, data: Any) -> Scenario:
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            self.fail((), "a scenario is a mapping with the fields " + ", ".join(TOP_FIELDS))
            raise ScenarioError(self.errors)
        self.unknown_fields(data, TOP_FIELDS, ())
        unit = self.field(data, ("unit",), lambda v: Unit(v) if v in ("lb", "kg") else _refuse(v, "lb or kg"))
        unit = unit or Unit.LB
        maxes = self.maxes(data.get("maxes"), unit)
        cycles = self.field(data, ("cycles",), _cycles)
        lifter = self.lifter(data.get("lifter"), unit)
        overrides = self.overrides(data.get("performances"), unit)
        if self.errors:
            raise ScenarioError(self.errors)
        origins = {name: self.where("maxes", name) for name in maxes}
        return Scenario(unit, maxes, cycles, lifter, tuple(overrides), origins, self.source)

    def unknown_fields(self, data: Mapping, allowed: Iterable[str], path: tuple) -> None:
        allowed = tuple(allowed)
        for key in data:
            if key not in allowed:
                hint = did_you_mean(str(key), allowed) or f"; allowed here: {', '.join(allowed)}"
                self.fail(path + (key,), f"unknown field{hint}")

    def field(self, data: Mapping, path: tuple, parse: Callable[[Any], Any]) -> Any:
        if path[-1] not in data or data[path[-1]] is None:
            return None
        try:
            return parse(data[path[-1]])
        except ValueError as exc:
            self.fail(path, str(exc))
            return None

    def maxes(self, data: Any, unit: Unit) -> dict[str, Weight]:
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            self.fail(("maxes",), "a mapping of lift slug or input id to a weight, e.g. {squat: 400}")
            return {}
        parsed = {str(k): self.field(data, ("maxes", k), lambda v: parse_weight(v, unit)) for k in data}
        return {k: v for k, v in parsed.items() if v is not None}

    def lifter(self, data: Any, unit: Unit) -> Performance:
        if data is None:
            return Performance()
        if not isinstance(data, Mapping):
            self.fail(("lifter",), "a mapping with the fields " + ", ".join(OVERRIDE_FIELDS[2:]))
            return Performance()
        self.unknown_fields(data, OVERRIDE_FIELDS[2:], ("lifter",))
        return Override(**self.performance_fields(data, ("lifter",), unit)).applied_to(Performance())

    def overrides(self, data: Any, unit: Unit) -> list[Override]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.fail(("performances",), "a list of {lift, at, amrap, rpe, choice, fail} entries")
            return []
        out = []
        for index, entry in enumerate(data):
            path = ("performances", index)
            if not isinstance(entry, Mapping):
                self.fail(path, "an entry is a mapping such as {lift: squat, at: \"1/3/*\", amrap: 8}")
                continue
            self.unknown_fields(entry, OVERRIDE_FIELDS, path)
            fields = self.performance_fields(entry, path, unit)
            if not any(name in entry for name in OVERRIDE_FIELDS[2:]):
                self.fail(path, "says nothing: give one of " + ", ".join(OVERRIDE_FIELDS[2:]))
            lift = self.field(entry, path + ("lift",), _lift)
            at = self.field(entry, path + ("at",), parse_at) or ANYWHERE
            out.append(Override(lift=lift, at=at, where=self.where(*path), **fields))
        return out

    def performance_fields(self, data: Mapping, path: tuple, unit: Unit) -> dict[str, Any]:
        parsers = {"amrap": parse_amrap, "rpe": parse_rpe, "fail": parse_fail,
                   "choice": lambda value: parse_choice(value, unit)}
        fields = {}
        for name, parse in parsers.items():
            if name in data:
                try:
                    fields[name] = parse(data[name])
                except ValueError as exc:
                    self.fail(path + (name,), str(exc))
        return fields


def _refuse(value: Any, expected: str) -> Any:
    raise ValueError(f"write {expected}, not {value!r}")


def _cycles(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_CYCLES:
        raise ValueError(f"a whole number of cycles from 1 to {MAX_CYCLES}, not {value!r}")
    return value


def _lift(value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[\w.-]+", value):
        raise ValueError(f"a lift slug such as squat, not {value!r}")
    return value
