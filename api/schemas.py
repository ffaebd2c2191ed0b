"""Component schemas several resources share: the state block, workouts, sets, progressions.

Weights are JSON numbers, exact to the plate (``102.5``, never ``"102.5"``), as in the maxes
endpoints; each comes with its ``unit`` (``lb`` or ``kg``) beside it. The status enums are the
loaded machines' states (``state_schemas``), so a state added in specs/machines/ is documented
and accepted without an edit here.
"""

from __future__ import annotations

from collections.abc import Mapping

from engine import accounts, password_policy
from engine.machines import Machine, MachineSpec
from engine.programs import Trigger
from engine.programs.units import STORAGE_QUANTUM

from .plain_text import PLAIN_TEXT_PATTERN

TIMESTAMP = {"type": "string", "format": "date-time"}
# Weights are stored as NUMERIC(10, 3): a request weight with more decimals would be rounded
# by the database (0.0001 to 0, 1999.9999 to 2000), so the document refuses it instead.
WEIGHT_STEP = float(STORAGE_QUANTUM)
PLAIN_TEXT = {"type": "string", "pattern": PLAIN_TEXT_PATTERN,
              "description": "any text without control characters or unpaired surrogates"}
# A password as sent to sign in or to confirm; a new one (registration, a change) must also pass
# the password policy, whose rules the description names.
PASSWORD = {**PLAIN_TEXT, "maxLength": password_policy.MAX_PASSWORD_LENGTH}
NEW_PASSWORD = {**PASSWORD, "minLength": password_policy.MIN_PASSWORD_LENGTH,
                "description": "Not only whitespace, not the email or its part before the @, and not one "
                               "of the most common passwords (422 `weak_password`)"}
UNIT = {"type": "string", "enum": list(accounts.WEIGHT_UNITS)}
WEIGHT = {"type": "number", "minimum": 0, "description": "A weight in the `unit` beside it (a JSON number)"}
NULLABLE_WEIGHT = {"type": ["number", "null"], "minimum": 0,
                   "description": "A weight in the `unit` beside it; null when the lifter chooses it"}
NULLABLE_STRING = {"type": ["string", "null"]}
NULLABLE_INTEGER = {"type": ["integer", "null"]}
NULLABLE_NUMBER = {"type": ["number", "null"]}
TRIGGERS = [str(trigger) for trigger in Trigger]


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, required: list[str] | None = None, description: str = "") -> dict:
    """A closed object; every property required unless ``required`` says otherwise."""
    schema = {
        "type": "object",
        "required": list(properties) if required is None else required,
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


# Component schema name -> the machine whose states it enumerates.
STATUS_SCHEMAS = {
    "EnrollmentStatus": Machine.ENROLLMENT,
    "CycleStatus": Machine.CYCLE,
    "WeekStatus": Machine.WEEK,
    "WorkoutStatus": Machine.SESSION,
}


def state_schemas(machines: Mapping[str, MachineSpec]) -> dict[str, dict]:
    """One string enum per machine, listing its states as the loaded spec declares them."""
    return {
        name: {"type": "string", "enum": list(machines[machine].states),
               "description": f"A state of the {machine} machine (GET /machines/{machine})"}
        for name, machine in STATUS_SCHEMAS.items()
    }


WORKOUT_SUMMARY = {
    "id": {"type": "string"},
    "status": ref("WorkoutStatus"),
    "name": {**NULLABLE_STRING, "description": "The program's name for this day's workout"},
    "cycle_iteration": {"type": "integer"},
    "week": {"type": "integer"},
    "day_index": {"type": "integer"},
    "started_at": TIMESTAMP,
    "finished_at": {"type": ["string", "null"], "format": "date-time"},
    "note": {**NULLABLE_STRING, "description": "Your note on the workout (at start, at finish or PATCH "
                                               "/workouts/{id})"},
}
PRESCRIBED_SET = {
    "set_index": {"type": "integer", "minimum": 0, "description": "Send it to POST /workouts/{id}/sets"},
    "exercise_index": {"type": "integer", "minimum": 0},
    "exercise_id": {"type": "string"},
    "lift": {"type": "string"},
    "lift_name": {"type": "string"},
    "slot": NULLABLE_STRING,
    "kind": {"type": "string"},
    "tag": NULLABLE_STRING,
    "target_reps": {**NULLABLE_INTEGER, "description": "null: open reps"},
    "min_reps": NULLABLE_INTEGER,
    "reps_max": NULLABLE_INTEGER,
    "is_amrap": {"type": "boolean"},
    "open_ended": {"type": "boolean"},
    "warmup": {"type": "boolean", "description": "A warm-up set (kind warmup): log it or skip it; it never counts for "
                                                 "progression, records or failure"},
    "weight": NULLABLE_WEIGHT,
    "unit": {"oneOf": [UNIT, {"type": "null"}]},
    "percent": NULLABLE_NUMBER,
    "rpe": NULLABLE_NUMBER,
    "stop_rpe": NULLABLE_NUMBER,
    "seconds": NULLABLE_INTEGER,
    "rest": {
        "oneOf": [{"type": "null"}, obj({"min": {"type": "integer", "minimum": 0},
                                         "max": {"type": "integer", "minimum": 0}})],
        "description": "Seconds to rest after this set (min = max for a single time); null: the program gives none",
    },
    "basis": {"type": "string", "description": "How the weight was computed, e.g. 85% of squat (training max)"},
    "superset": NULLABLE_STRING,
    "note": {**NULLABLE_STRING, "description": "The program's note on the set"},
    "plates": {"oneOf": [ref("Plates"), {"type": "null"}],
               "description": "How to load a barbell set with your bar and plates (PUT /users/me/equipment); "
                              "null for other lifts and sets whose weight you choose"},
}
PROGRESSION_CHANGE = {
    "lift": {"type": "string"},
    "slot": {"type": "string"},
    "previous": NULLABLE_WEIGHT,
    "new": NULLABLE_WEIGHT,
    "delta": {**NULLABLE_NUMBER, "description": "new - previous (negative for a deload)"},
    "unit": {"oneOf": [UNIT, {"type": "null"}]},
    "rule": {"type": "string", "description": "The progression rule's id in the program"},
    "trigger": {"type": "string", "enum": TRIGGERS},
}

COMMON_SCHEMAS = {
    "ProgramRef": obj({"slug": {"type": "string"}, "name": {"type": "string"},
                       "version": {"type": "string", "description": "The content hash of the program version"}}),
    "Position": obj({
        "cycle_iteration": {"type": "integer", "minimum": 1},
        "week": {"type": "integer", "minimum": 1},
        "day_index": {"type": "integer", "minimum": 0, "description": "0-based day of the week"},
        "weeks_per_cycle": {"type": "integer", "minimum": 1},
        "days_in_week": NULLABLE_INTEGER,
    }),
    "WorkoutSummary": obj(WORKOUT_SUMMARY),
    "State": obj(
        {
            "user_id": {"type": "string"},
            "enrollment_id": {"type": "string"},
            "program": ref("ProgramRef"),
            "enrollment_status": ref("EnrollmentStatus"),
            "cycle_status": ref("CycleStatus"),
            "week_status": ref("WeekStatus"),
            "position": ref("Position"),
            "current_workout_session": {"oneOf": [ref("WorkoutSummary"), {"type": "null"}],
                                        "description": "The IN_PROGRESS workout, or null"},
            "available_actions": array(ref("AvailableAction")),
        },
        description="The state block every enrollment and workout response carries: the state of every "
                    "level (one stored column each), the position, the workout in progress and the "
                    "actions allowed now, each with its HTTP method and path.",
    ),
    "LoggedSet": obj({
        "id": {"type": "string"},
        "set_index": {"type": "integer", "minimum": 0},
        "lift": {"type": "string"},
        "weight": WEIGHT,
        "unit": UNIT,
        "reps": {"type": "integer", "minimum": 0},
        "target_reps": NULLABLE_INTEGER,
        "rpe": NULLABLE_NUMBER,
        "logged_at": TIMESTAMP,
        "note": {**NULLABLE_STRING, "description": "Your note on the set (sent when logged, or by a correction)"},
        "corrected_at": {"type": ["string", "null"], "format": "date-time",
                         "description": "When the set was last corrected; null: never"},
        "e1rm": {**NULLABLE_WEIGHT, "description": "AMRAP sets only: the estimated 1RM of what was lifted "
                                                     "(specs/estimates.yaml); null past 12 reps or at 0 reps"},
    }, required=["id", "set_index", "lift", "weight", "unit", "reps", "target_reps", "rpe", "logged_at", "note",
                 "corrected_at"]),
    "Plates": obj(
        {
            "bar": {**WEIGHT, "description": "Your bar, in the set's unit"},
            "per_side": {**array(obj({"plate": WEIGHT, "count": {"type": "integer", "minimum": 1}})),
                         "description": "The plates on EACH side, heaviest first (inside out): 315 lb on a 45 lb "
                                        "bar is [{plate: 45, count: 3}]"},
            "program_weight": {**WEIGHT, "description": "The load the program prescribed; `weight` differs "
                                                        "from it only when `adjusted`"},
            "adjusted": {"type": "boolean", "description": "true: your plates cannot make the program's load; "
                                                           "`weight` is the nearest load they make (an exact "
                                                           "half rounds up)"},
            "reason": {**NULLABLE_STRING, "description": "Says why when adjusted, for the lifter"},
        },
        description="The per-side plate breakdown of a barbell set, in the set's unit: bar + 2 x per side = weight",
    ),
    "PrescribedSet": obj(PRESCRIBED_SET, description="A set the program prescribes, its weight rounded to plates"),
    "WorkoutSet": obj({**PRESCRIBED_SET, "logged": {"oneOf": [ref("LoggedSet"), {"type": "null"}]}},
                      description="A prescribed set and what was logged for it (null: not yet)"),
    "Workout": obj({**WORKOUT_SUMMARY, "sets": array(ref("WorkoutSet"))},
                   description="A workout session with every prescribed set, its weight and what was logged"),
    "ProgressionChange": obj(PROGRESSION_CHANGE, description="A progression the request applied (exactly once) "
                                                              "to one slot of the enrollment"),
}
