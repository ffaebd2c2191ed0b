"""``powerpro simulate``'s output: one row per run of identical sets, then the workout's changes,
as an aligned table, CSV or JSON (the same rows and fields in each)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal

from engine.programs import SetKind
from engine.programs.units import format_decimal
from engine.simulation import SimulatedChange, SimulatedSet, SimulatedWorkout
from engine.simulation_changes import weight_text

COLUMNS = ("cycle", "week", "day", "workout", "lift", "sets", "percent", "basis", "load", "rpe", "amrap", "logged")
HEADERS = {"sets": "sets x reps", "percent": "%", "amrap": "AMRAP"}
SKIPPED_WARMUP = "warm-up, skipped"  # the logged column of a warm-up: the simulated lifter logs none


@dataclass(frozen=True)
class Row:
    cycle: int
    week: int
    day: int
    workout: str
    lift: str
    sets: str  # "3 x 5", "1 x 5+", "3 x MR", "1 x 1RM"
    percent: str
    basis: str
    load: str
    rpe: str
    amrap: str  # "AMRAP" on AMRAP and max-rep sets
    logged: str  # each set's reps, weight if chosen and RPE: "5", "8", "1 @ 320 lb", "3 @ RPE 8"; or SKIPPED_WARMUP


def rows(workout: SimulatedWorkout) -> list[Row]:
    """The workout's sets, identical neighbours folded into one ``N x reps`` row."""
    out: list[tuple[Row, int, str]] = []
    for done in workout.sets:
        row, reps = _row(workout, done)
        if out and out[-1][0] == row and out[-1][2] == reps:
            out[-1] = (row, out[-1][1] + 1, reps)
        else:
            out.append((row, 1, reps))
    return [_counted(row, count, reps) for row, count, reps in out]


def _row(workout: SimulatedWorkout, done: SimulatedSet) -> tuple[Row, str]:
    item, logged = done.prescribed, done.logged
    if logged is None:
        text = SKIPPED_WARMUP
    else:
        chosen = f" @ {weight_text(logged.weight)}" if logged.weight is not None and logged.weight.value else ""
        rpe = f" @ RPE {format_decimal(logged.rpe)}" if logged.rpe is not None else ""
        text = f"{logged.reps}{chosen}{rpe}"
    row = Row(
        cycle=workout.cycle, week=workout.week, day=workout.day, workout=workout.name, lift=item.lift,
        sets="", percent=_percent(item.percent), basis=_basis(item.basis, item.percent),
        load=_load(item),
        rpe=_number(item.rpe or item.stop_rpe), amrap="AMRAP" if item.is_amrap or item.kind is SetKind.MRS else "",
        logged=text,
    )
    return row, item.reps_label


def _basis(basis: str, percent: Decimal | None) -> str:
    """The basis without the percent the column before it shows: ``squat (training max)``."""
    prefix = f"{format_decimal(percent)}% of " if percent is not None else None
    return basis[len(prefix):] if prefix and basis.startswith(prefix) else basis


def _load(item) -> str:
    if item.weight is not None:
        return weight_text(item.weight)
    return "bodyweight" if item.basis == "bodyweight" else "lifter's choice"


def _counted(row: Row, count: int, reps: str) -> Row:
    return Row(**{**asdict(row), "sets": f"{count} x {reps}"})


def _percent(value: Decimal | None) -> str:
    return "" if value is None else f"{format_decimal(value.quantize(Decimal('0.1')))}%"


def _number(value: Decimal | None) -> str:
    return "" if value is None else format_decimal(value)


# -- the three formats -----------------------------------------------------------------------------
def table(workouts: Iterable[SimulatedWorkout]) -> str:
    """Aligned columns; a workout's cycle/week/day/name on its first row only; its changes below it."""
    lines: list[list[str]] = []
    changes: dict[int, list[str]] = {}
    for workout in workouts:
        for index, row in enumerate(rows(workout)):
            cells = [str(getattr(row, c)) for c in COLUMNS]
            lines.append(cells if index == 0 else ["", "", "", "", *cells[4:]])
        changes[len(lines)] = [f"  -> {change.text}" for change in workout.changes]
    header = [HEADERS.get(c, c) for c in COLUMNS]
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(COLUMNS))]
    out = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    for number, cells in enumerate(lines, start=1):
        out.append(_line(cells, widths))
        out += changes.get(number, [])
    return "\n".join(out)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


def to_csv(workouts: Iterable[SimulatedWorkout]) -> str:
    """One record per row of sets (kind ``sets``) and per change (kind ``change``, its text in ``change``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kind", *COLUMNS, "change"])
    for workout in workouts:
        for row in rows(workout):
            writer.writerow(["sets", *(getattr(row, c) for c in COLUMNS), ""])
        for change in workout.changes:
            writer.writerow(["change", workout.cycle, workout.week, workout.day, workout.name, change.change.lift,
                             *[""] * (len(COLUMNS) - 5), change.text])
    return buffer.getvalue()


def to_json(workouts: Iterable[SimulatedWorkout]) -> str:
    return json.dumps([_workout_json(w) for w in workouts], indent=2)


def _workout_json(workout: SimulatedWorkout) -> dict:
    return {
        "cycle": workout.cycle, "week": workout.week, "day": workout.day, "workout": workout.name,
        "sets": [{k: v for k, v in asdict(row).items() if k not in ("cycle", "week", "day", "workout")}
                 for row in rows(workout)],
        "changes": [_change_json(change) for change in workout.changes],
    }


def _change_json(done: SimulatedChange) -> dict:
    change = done.change
    return {
        "slot": change.slot, "lift": change.lift, "rule": change.rule, "rule_type": change.rule_type,
        "trigger": change.trigger.value, "text": done.text,
        "before": _state(change.previous), "after": _state(change.new),
    }


def _state(state) -> dict:
    return {"weight": None if state.weight is None else weight_text(state.weight),
            "stage": state.stage, "failure_count": state.failure_count}


FORMATS = {"table": table, "csv": to_csv, "json": to_json}
