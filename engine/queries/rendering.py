"""Views as JSON values, exactly as the API sends them: what the stored answers hold.

The answers a read returns are stored when they change (``engine/handlers/stored_state.py``)
as plain JSON values, so a read passes them through without decoding a prescription again:
weights and other decimals are numbers (100, not 100.000; 102.5), timestamps ISO 8601 UTC
strings with a ``Z``. The API's JSON encoder uses ``json_value`` too, so a stored answer and one
rendered on the spot are the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from ..programs.units import format_decimal
from .state import WorkoutSet

# Schema PrescribedSet's properties, in its order (api/schemas.py checks that they agree).
PRESCRIBED_SET_FIELDS = (
    "set_index", "exercise_index", "exercise_id", "lift", "lift_name", "slot", "kind", "tag", "target_reps",
    "min_reps", "reps_max", "is_amrap", "open_ended", "warmup", "weight", "unit", "percent", "rpe", "stop_rpe",
    "seconds", "rest", "basis", "superset", "note", "plates",
)


def iso_timestamp(value: datetime) -> str:
    """The engine's timestamps are naive UTC; the API always says so explicitly."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def json_value(value: Any) -> Any:
    """A Decimal or a datetime as JSON has it (the ``default`` of the API's encoder)."""
    if isinstance(value, Decimal):
        return decimal_json(value)
    if isinstance(value, datetime):
        return iso_timestamp(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_NUMBERS: dict[Decimal, int | float] = {}  # a few hundred distinct loads and percents
NUMBERS_KEPT = 4096


def decimal_json(value: Decimal) -> int | float:
    """Weights are Decimals in the engine; clients get a plain JSON number, 100 not 100.000.
    Kept by value (equal Decimals, 100 and 100.000, make the same number): an answer holds a
    handful of distinct weights many times over."""
    found = _NUMBERS.get(value)
    if found is None:
        found = int(value) if value == value.to_integral_value() else float(value)
        if len(_NUMBERS) >= NUMBERS_KEPT:
            _NUMBERS.clear()
        _NUMBERS[value] = found
    return found


LEAVES = frozenset({str, int, float, bool, type(None)})  # plain already, by exact type: no call for them


def plain(value: Any) -> Any:
    """``value`` with every Decimal, datetime and tuple inside turned into plain JSON values."""
    if isinstance(value, dict):
        return {key: item if type(item) in LEAVES else plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [item if type(item) in LEAVES else plain(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json_value(value)


def prescribed_set_json(item: WorkoutSet) -> dict[str, Any]:
    """A prescribed set with the fields schema PrescribedSet names, in its order."""
    return _set_json(item)


def _set_json(item: WorkoutSet, *logged: Any) -> dict[str, Any]:
    """The set's JSON in one pass, and ``logged`` last when given (schema WorkoutSet). Its fields
    are plain JSON values by their types (``PrescribedSet``) but the Decimals, made numbers here:
    a finish renders the next workout's every set."""
    prescribed = item.prescribed
    weight, rest, unit = prescribed.weight, prescribed.rest, prescribed.unit
    shown = {
        "set_index": prescribed.set_index,
        "exercise_index": prescribed.exercise_index,
        "exercise_id": prescribed.exercise_id,
        "lift": prescribed.lift,
        "lift_name": item.lift_name,
        "slot": prescribed.slot,
        "kind": str(prescribed.kind),
        "tag": prescribed.tag,
        "target_reps": prescribed.target_reps,
        "min_reps": prescribed.min_reps,
        "reps_max": prescribed.reps_max,
        "is_amrap": prescribed.is_amrap,
        "open_ended": prescribed.open_ended,
        "warmup": prescribed.warmup,
        "weight": None if weight is None else decimal_json(weight.value),
        "unit": None if unit is None else str(unit),
        "percent": _number(prescribed.percent),
        "rpe": _number(prescribed.rpe),
        "stop_rpe": _number(prescribed.stop_rpe),
        "seconds": prescribed.seconds,
        "rest": None if rest is None else {"min": rest.min, "max": rest.max},
        "basis": prescribed.basis,
        "superset": prescribed.superset,
        "note": prescribed.note,
        "plates": plates_json(prescribed),
    }
    if logged:
        shown["logged"] = plain(logged[0])
    return shown


def _number(value: Decimal | None) -> int | float | None:
    return None if value is None else decimal_json(value)


def plates_json(prescribed) -> dict[str, Any] | None:
    """How to load a barbell set (schema Plates), as JSON values: the bar, each side's plates,
    and whether the program's load was changed to one the lifter's plates make, saying so."""
    loading = prescribed.plates
    if loading is None or prescribed.weight is None:
        return None
    unit = prescribed.weight.unit.value
    reason = None
    if loading.adjusted:
        reason = (f"Your plates cannot make the program's {format_decimal(loading.program_weight)} {unit}: "
                  f"{format_decimal(prescribed.weight.value)} {unit} is the nearest load they make.")
    return {
        "bar": decimal_json(loading.bar),
        "per_side": [{"plate": decimal_json(plate), "count": count} for plate, count in loading.per_side],
        "program_weight": decimal_json(loading.program_weight),
        "adjusted": loading.adjusted,
        "reason": reason,
    }


def workout_set_json(item: WorkoutSet) -> dict[str, Any]:
    """A prescribed set of a workout and what was logged for it (schema WorkoutSet)."""
    return _set_json(item, item.logged)


def enrollment_json(view: dict[str, Any]) -> dict[str, Any]:
    """``{"enrollment", "state"}`` of ``engine.queries.state.enrollment_view`` as JSON values."""
    upcoming = view["enrollment"]["next_workout"]
    # Made plain around the next workout's sets: each set is made plain once, as it is rendered.
    enrollment = plain({**view["enrollment"], "next_workout": None})
    if upcoming is not None:
        sets = [prescribed_set_json(s) for s in upcoming["sets"]]
        enrollment["next_workout"] = {**plain({**upcoming, "sets": None}), "sets": sets}
    return {"enrollment": enrollment, "state": plain(view["state"])}


def workout_json(workout: dict[str, Any]) -> dict[str, Any]:
    """A workout (``engine.queries.workouts.workout_view``) as JSON values."""
    summary = plain({key: value for key, value in workout.items() if key != "sets"})
    return {**summary, "sets": [workout_set_json(s) for s in workout["sets"]]}  # each set made plain once
