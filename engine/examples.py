"""A program's worked examples (``examples:`` in its YAML), parsed with located errors.

Pure data, no database: an example is a scenario (``engine/scenario.py``'s vocabulary: the
maxes, how the lifter performs), optional program options, and checkpoints, each the author's
hand-worked numbers at one point of the run, each value remembering the line it was written
on. ``powerpro test`` (``cli/program_tests.py``) runs them through the HTTP service::

    examples:
      - name: the first cycle at target
        scenario: {unit: lb, maxes: {squat.work: 135}}
        expect:
          - at: 1/1/1                       # cycle 1, week 1, day 1 (a workout)
            loads: {squat: "3x5 @ 135"}     # its work sets, by exercise id, slot or lift
            warmups: {squat: ["2x5 @ 45", "5 @ 50", "3 @ 80", "2 @ 105"]}  # its warm-ups ([]: none)
            changes: {squat: "135 -> 140"}  # every progression it applied ({} for none)
          - at: "1"                         # the end of cycle 1
            slots: {squat: 160}
            state: BETWEEN_CYCLES

The JSON Schema checks the shape at every load; :func:`load_examples` checks the rest against
the program (a slot or lift it lacks, a week past its cycle), each mistake at its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from engine.programs.model import Program
from engine.programs.positions import cycle_positions
from engine.scenario import Scenario, ScenarioError
from engine.scenario_terms import Where
from engine.spec_files import FieldPath, SpecDocument, SpecError, SpecErrors, field_name
from engine.spec_messages import did_you_mean

SET_NOTATION = re.compile(r"^\s*(?:(?P<sets>\d+)\s*x\s*)?(?P<reps>\d+|\?)(?P<plus>\+)?\s*@\s*(?P<weight>[\d.]+|\?)\s*$")
CHANGE_NOTATION = re.compile(r"^\s*(?P<previous>[\d.]+|null)\s*->\s*(?P<new>[\d.]+|null)\s*$")
STATE_FIELDS = {"enrollment": "enrollment_status", "cycle": "cycle_status", "week": "week_status"}
ANY = object()  # a value the author did not state: not compared


@dataclass(frozen=True)
class Point:
    """Where a checkpoint applies: a workout (week and 1-based day), or the end of a cycle."""

    cycle: int
    week: int | None = None
    day: int | None = None

    @property
    def end_of_cycle(self) -> bool:
        return self.week is None

    def __str__(self) -> str:
        if self.end_of_cycle:
            return f"the end of cycle {self.cycle}"
        return f"cycle {self.cycle} week {self.week} day {self.day}"


@dataclass(frozen=True)
class ExpectedSet:
    reps: Any = ANY  # target reps (an AMRAP's minimum); None: open reps
    amrap: Any = ANY
    weight: Any = ANY  # Decimal, or None: the lifter's choice

    def __str__(self) -> str:
        plus = "+" if self.amrap is True else ""
        reps = "" if self.reps is ANY else f"{'?' if self.reps is None else self.reps}{plus} "
        if self.weight is ANY:
            return reps.strip()
        return f"{reps}@ {'?' if self.weight is None else _plain(self.weight)}"


@dataclass(frozen=True)
class Expected:
    """One expected value: ``kind`` (a key of the runner's observers), the thing it names (a slot,
    a lift, a state field), the value, and where the author wrote it."""

    kind: str
    name: str
    value: Any
    where: Where


@dataclass(frozen=True)
class Checkpoint:
    point: Point
    expected: tuple[Expected, ...]
    where: Where


@dataclass(frozen=True)
class Example:
    name: str
    scenario: Scenario
    checkpoints: tuple[Checkpoint, ...]
    where: Where
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def last_point(self) -> Point:
        """How far the run must go: the latest checkpoint (an end of cycle after its workouts)."""
        return max((c.point for c in self.checkpoints), key=_order)


def _order(point: Point) -> tuple:
    return (point.cycle, 1, 0, 0) if point.end_of_cycle else (point.cycle, 0, point.week, point.day)


def load_examples(doc: SpecDocument, program: Program) -> list[Example]:
    """The examples of a program file (parsed as ``doc``), checked against ``program``; raises
    :class:`SpecErrors` with every mistake, each at its line."""
    parser = _Parser(doc, program)
    examples = [parser.example(raw, ("examples", i)) for i, raw in enumerate(_list(doc.data.get("examples")))]
    if parser.errors:
        raise SpecErrors(parser.errors)
    return [e for e in examples if e is not None]


class _Parser:
    def __init__(self, doc: SpecDocument, program: Program) -> None:
        self.doc, self.program = doc, program
        self.errors: list[SpecError] = []
        self.days = {}
        for week, day_index in cycle_positions(program):
            self.days[week] = day_index + 1
        self.slots = set(program.slots)
        exercises = [e for w in program.workouts.values() for e in w.exercises]
        self.set_keys = self.slots | {e.id for e in exercises} | {e.lift for e in exercises}

    def where(self, path: FieldPath) -> Where:
        return Where(self.doc.name, self.doc.line_of(path), field_name(path))

    def fail(self, path: FieldPath, message: str) -> None:
        self.errors.append(self.where(path).error(message))

    def example(self, raw: Any, path: FieldPath) -> Example | None:
        if not isinstance(raw, Mapping):
            return None  # the schema says so
        checkpoints = [self.checkpoint(c, path + ("expect", i)) for i, c in enumerate(_list(raw.get("expect")))]
        checkpoints = [c for c in checkpoints if c is not None]
        scenario = self.scenario(path + ("scenario",), checkpoints)
        if scenario is None:
            return None
        return Example(str(raw.get("name", "")), scenario, tuple(checkpoints), self.where(path),
                       dict(raw.get("options") or {}))

    def scenario(self, path: FieldPath, checkpoints: list[Checkpoint]) -> Scenario | None:
        try:
            scenario = Scenario.from_document(self.doc, path)
            cycles = max([c.point.cycle for c in checkpoints] + [scenario.cycles or 1])
            scenario.check(self.program, cycles)
        except ScenarioError as exc:
            self.errors += [_located(e, self.where(path)) for e in exc.errors]
            return None
        return scenario

    def checkpoint(self, raw: Any, path: FieldPath) -> Checkpoint | None:
        if not isinstance(raw, Mapping) or not isinstance(raw.get("at"), str):
            return None
        point = self.point(raw["at"], path + ("at",))  # None: out of range, its values still checked
        expected: list[Expected] = []
        if "workout" in raw:
            expected.append(Expected("workout", "name", raw["workout"], self.where(path + ("workout",))))
        for kind, parse in (("loads", self.loads), ("warmups", self.loads), ("changes", self.change),
                            ("slots", self.slot)):
            for name, value in _map(raw.get(kind)).items():
                item = parse(name, value, path + (kind, name))
                if item is not None:
                    expected.append(Expected(kind, name, item, self.where(path + (kind, name))))
        if "changes" in raw:  # the list is complete: a slot it leaves out must not change
            expected.append(Expected("changes", "", {}, self.where(path + ("changes",))))
        expected += self.state(raw.get("state"), path + ("state",))
        if point is None:
            return None
        if point.end_of_cycle:
            for kind in sorted({item.kind for item in expected} & {"workout", "loads", "warmups", "changes"}):
                self.fail(path + (kind,), f"the end of a cycle has no {kind}: write CYCLE/WEEK/DAY")
        return Checkpoint(point, tuple(expected), self.where(path))

    def point(self, text: str, path: FieldPath) -> Point | None:
        parts = [int(p) for p in text.split("/")]
        point = Point(*parts)
        if len(parts) == 1:
            return point
        if point.week > len(self.days):
            self.fail(path, f"{self.program.slug} has {len(self.days)} weeks per cycle, not {point.week}")
        elif point.day > self.days[point.week]:
            days = self.days[point.week]
            self.fail(path, f"week {point.week} of {self.program.slug} has {days} days, not {point.day}")
        else:
            return point
        return None

    def loads(self, name: str, value: Any, path: FieldPath) -> tuple[ExpectedSet, ...] | None:
        if name not in self.set_keys:
            hint = did_you_mean(name, self.set_keys)
            self.fail(path, f"{self.program.slug} has no slot, exercise or lift {name!r}{hint}")
            return None
        out: list[ExpectedSet] = []
        for item in value if isinstance(value, list) else [value]:
            if item is None or isinstance(item, (int, float)):
                out.append(ExpectedSet(weight=None if item is None else Decimal(str(item))))
                continue
            match = SET_NOTATION.match(str(item))
            if match is None:
                return None  # the schema says so
            count = int(match["sets"] or 1)
            reps = None if match["reps"] == "?" else int(match["reps"])
            weight = None if match["weight"] == "?" else Decimal(match["weight"])
            if reps is None:  # open reps: max-rep sets, every one of them as many as possible
                out += [ExpectedSet(None, ANY, weight)] * count
                continue
            out += [ExpectedSet(reps, bool(match["plus"]) and n == count - 1, weight) for n in range(count)]
        return tuple(out)

    def change(self, name: str, value: Any, path: FieldPath) -> dict | None:
        if not self.known_slot(name, path):
            return None
        if isinstance(value, str):
            match = CHANGE_NOTATION.match(value)
            return {"previous": _number(match["previous"]), "new": _number(match["new"])} if match else None
        value = _map(value)
        renamed = {"from": "previous", "to": "new", "rule": "rule"}
        return {renamed[k]: (_number(v) if k != "rule" else v) for k, v in value.items() if k in renamed}

    def slot(self, name: str, value: Any, path: FieldPath) -> dict | None:
        if not self.known_slot(name, path):
            return None
        if not isinstance(value, Mapping):
            return {"weight": _number(value)}
        return {k: (_number(v) if k == "weight" else v) for k, v in value.items()}

    def state(self, raw: Any, path: FieldPath) -> list[Expected]:
        if raw is None:
            return []
        fields = {"enrollment": raw} if isinstance(raw, str) else _map(raw)
        return [Expected("state", STATE_FIELDS[k], v, self.where(path if isinstance(raw, str) else path + (k,)))
                for k, v in fields.items() if k in STATE_FIELDS]

    def known_slot(self, name: str, path: FieldPath) -> bool:
        if name not in self.slots:
            self.fail(path, f"{self.program.slug} has no slot {name!r}{did_you_mean(name, self.slots)}")
        return name in self.slots


def _located(error: SpecError, fallback: Where) -> SpecError:
    """A scenario mistake the checker could not place (a missing max) points at the scenario."""
    if error.line is not None:
        return error
    return SpecError(fallback.source, fallback.line, f"{fallback.field}.{error.field}".rstrip("."), error.message)


def _number(value: Any) -> Decimal | None:
    return None if value is None or value == "null" else Decimal(str(value))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _map(value: Any) -> Mapping:
    return value if isinstance(value, Mapping) else {}
