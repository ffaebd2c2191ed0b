"""Answers in the user's unit: every weight shown is converted to the unit they chose.

Weights are stored in the unit they were entered, logged or prescribed in, and stay so
(PATCH /users/me changes what is shown, never what is stored). An answer carries each weight
beside its ``unit``: an object whose ``unit`` is ``lb`` or ``kg`` has its weight members
(``WEIGHT_MEMBERS``) converted exactly (1 lb = 0.45359237 kg) and kept to the three decimals
the database stores, and ``delta`` is recomputed from the converted values so that it stays
``new - previous``. Loads prescribed from now on are rounded to the plates of the new unit
(``engine/programs/prescribe.py``); a converted past weight is not rounded: 135 lb was lifted,
not 61.25 kg. The transition log's ``payload`` is shown as recorded.

The stored answers (``engine/handlers/stored_state.py``) are made here too: ``stored_enrollment``
and ``stored_workout`` are ``as_stored`` of the rendered views, a prescribed set not logged yet
taken from its JSON kept by the set's identity (``stored_set``): the sets a finish renders into
its enrollment's answer (the next workout) are those the next start stores in its workout's.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..programs.units import Unit, Weight, format_decimal
from .rendering import LEAVES, enrollment_json, plain, prescribed_set_json, workout_json, workout_set_json
from .state import WorkoutSet

WEIGHT_MEMBERS = ("weight", "previous", "new", "e1rm", "volume")  # a volume is weight x reps: it converts alike
AS_RECORDED = frozenset({"payload"})
_UNITS = frozenset(unit.value for unit in Unit)


def in_unit(answer: Any, unit: str) -> Any:
    """``answer`` (JSON-like: dicts, lists, numbers) with every weight in ``unit``."""
    if isinstance(answer, list):
        return [in_unit(item, unit) if isinstance(item, dict | list) else item for item in answer]
    if not isinstance(answer, dict):
        return answer
    # Only the containers are walked into: a leaf is kept as it is (the weights are done below).
    out = {key: in_unit(value, unit) if isinstance(value, dict | list) and key not in AS_RECORDED else value
           for key, value in answer.items()}
    source = out.get("unit")
    if source not in _UNITS or source == unit:
        return out
    for key in WEIGHT_MEMBERS:
        if _is_number(out.get(key)):
            out[key] = convert(out[key], source, unit)
    if _is_number(out.get("delta")):
        previous, new = out.get("previous"), out.get("new")
        both = _is_number(previous) and _is_number(new)
        out["delta"] = _plain(Decimal(new) - Decimal(previous)) if both else convert(out["delta"], source, unit)
    out["unit"] = unit
    return out


def as_stored(answer: Any, unit: str) -> Any:
    """``answer`` as a stored answer holds it: every weight in ``unit``, every value plain JSON.

    ``plain(in_unit(answer, unit))``, in one walk where nothing is converted (an answer is
    stored on every write; the second walk copied the whole tree again)."""
    if isinstance(answer, list):
        return [item if type(item) in LEAVES else as_stored(item, unit) for item in answer]
    if not isinstance(answer, dict):
        return plain(answer)
    source = answer.get("unit")
    if source in _UNITS and source != unit:
        return plain(in_unit(answer, unit))  # weights to convert here: the two walks, as defined
    return {key: value if type(value) in LEAVES else plain(value) if key in AS_RECORDED else as_stored(value, unit)
            for key, value in answer.items()}


# A prescribed set's stored JSON, kept by the set's identity (and the unit and lift name it was
# rendered with): the finish that renders the next workout into its enrollment's answer and the
# start that stores that workout's answer render the same kept sets (``Prescriptions``).
_STORED_SETS: dict[tuple[int, str], tuple[Any, str, dict[str, Any]]] = {}
STORED_SETS_KEPT = 8192  # some 256 workouts' sets, as many as the prescriptions kept


def stored_set(item: WorkoutSet, unit: str) -> dict[str, Any]:
    """``as_stored(prescribed_set_json(item), unit)``, rendered once per kept set. Shared: never
    changed in place (an answer that shows the set changed holds a new object)."""
    prescribed = item.prescribed
    key = (id(prescribed), unit)
    found = _STORED_SETS.get(key)
    if found is not None and found[0] is prescribed and found[1] == item.lift_name:
        return found[2]
    shown = prescribed_set_json(item)
    if shown["unit"] in _UNITS and shown["unit"] != unit:
        shown = as_stored(shown, unit)  # else plain already, and nothing in it has a unit of its own
    if len(_STORED_SETS) >= STORED_SETS_KEPT:
        _STORED_SETS.clear()
    _STORED_SETS[key] = (prescribed, item.lift_name, shown)  # the set kept with it: its id is not reused
    return shown


def stored_workout_set(item: WorkoutSet, unit: str) -> dict[str, Any]:
    """``as_stored(workout_set_json(item), unit)``: a set not logged yet from its kept JSON."""
    if item.logged is None:
        return {**stored_set(item, unit), "logged": None}
    return as_stored(workout_set_json(item), unit)


def stored_enrollment(view: dict[str, Any], unit: str) -> dict[str, Any]:
    """``as_stored(enrollment_json(view), unit)``, the next workout's sets from their kept JSON."""
    upcoming = view["enrollment"]["next_workout"]
    if upcoming is None:
        return as_stored(enrollment_json(view), unit)
    shown = as_stored(enrollment_json({**view, "enrollment": {**view["enrollment"],
                                                              "next_workout": {**upcoming, "sets": []}}}), unit)
    shown["enrollment"]["next_workout"]["sets"] = [stored_set(item, unit) for item in upcoming["sets"]]
    return shown


def stored_workout(view: dict[str, Any], unit: str) -> dict[str, Any]:
    """``as_stored(workout_json(view), unit)``, each set not logged yet from its kept JSON."""
    shown = as_stored(workout_json({**view, "sets": []}), unit)
    shown["sets"] = [stored_workout_set(item, unit) for item in view["sets"]]
    return shown


def convert(value: int | float | Decimal, source: str, unit: str) -> Decimal:
    """``value`` in ``source`` as a plain Decimal in ``unit``, to the stored three decimals."""
    return _plain(Weight.of(value, source).to(unit).stored().value)


def _plain(value: Decimal) -> Decimal:
    return Decimal(format_decimal(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
