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
        # Weights are Decimals in the engine; clients get a plain JSON number, 100 not 100.000.
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime):
        return iso_timestamp(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


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
    prescribed = item.prescribed
    converted = {
        "lift_name": item.lift_name,
        "kind": str(prescribed.kind),
        "weight": None if prescribed.weight is None else prescribed.weight.value,
        "unit": None if prescribed.unit is None else str(prescribed.unit),
        "plates": plates_json(prescribed),
        "rest": None if prescribed.rest is None else {"min": prescribed.rest.min, "max": prescribed.rest.max},
    }
    return plain({name: converted[name] if name in converted else getattr(prescribed, name)
                  for name in PRESCRIBED_SET_FIELDS})


def plates_json(prescribed) -> dict[str, Any] | None:
    """How to load a barbell set (schema Plates): the bar, each side's plates, and whether the
    program's load was changed to one the lifter's plates make, saying so."""
    loading = prescribed.plates
    if loading is None or prescribed.weight is None:
        return None
    unit = prescribed.weight.unit.value
    reason = None
    if loading.adjusted:
        reason = (f"Your plates cannot make the program's {format_decimal(loading.program_weight)} {unit}: "
                  f"{format_decimal(prescribed.weight.value)} {unit} is the nearest load they make.")
    return {
        "bar": loading.bar,
        "per_side": [{"plate": plate, "count": count} for plate, count in loading.per_side],
        "program_weight": loading.program_weight,
        "adjusted": loading.adjusted,
        "reason": reason,
    }


def workout_set_json(item: WorkoutSet) -> dict[str, Any]:
    """A prescribed set of a workout and what was logged for it (schema WorkoutSet)."""
    return {**prescribed_set_json(item), "logged": plain(item.logged)}


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
