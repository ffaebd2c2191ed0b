"""Commands: what a user (or the CLI) asks the engine to do, as plain data.

Each has one handler in this package; :func:`engine.service.handle` runs it in a unit of
work with the event bus, and commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from ..programs import Weight


@dataclass(frozen=True)
class InputValue:
    """A value for one of the program's declared inputs (``squat.1rm``: a weight)."""

    input_id: str
    weight: Weight


@dataclass(frozen=True)
class Enroll:
    user_id: str
    program_slug: str
    # Inputs given with the enrollment; the user's saved rep maxes fill in the rest.
    inputs: tuple[InputValue, ...] = field(default_factory=tuple)
    # Values for the program's options, by option id; the options' defaults fill in the rest.
    options: tuple[tuple[str, object], ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Quit:
    user_id: str


@dataclass(frozen=True)
class NextCycle:
    user_id: str


@dataclass(frozen=True)
class AdvanceWeek:
    user_id: str


@dataclass(frozen=True)
class StartWorkout:
    user_id: str
    now: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class LogSet:
    user_id: str
    workout_id: str
    set_index: int
    reps: int
    # None: the prescribed weight was lifted.
    weight: Decimal | None = None
    rpe: Decimal | None = None
    note: str | None = None


@dataclass(frozen=True)
class FinishWorkout:
    user_id: str
    workout_id: str
    note: str | None = None  # given: the workout's note (replacing one given at start)


@dataclass(frozen=True)
class UpdateWorkout:
    """PATCH /workouts/{id}: the workout's note, at any time (None clears it)."""

    user_id: str
    workout_id: str
    note: str | None


@dataclass(frozen=True)
class AbandonWorkout:
    user_id: str
    workout_id: str


@dataclass(frozen=True)
class CorrectSet:
    """Correct a logged set of the workout in progress or of the last completed one: the
    fields given change (None: unchanged); ``clear`` names the optional ones to empty (rpe, note)."""

    user_id: str
    workout_id: str
    set_index: int
    reps: int | None = None
    weight: Decimal | None = None
    rpe: Decimal | None = None
    note: str | None = None
    clear: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DeleteSet:
    """Delete a logged set of the workout in progress or of the last completed one."""

    user_id: str
    workout_id: str
    set_index: int



class Keep(Enum):
    """A field of an update left as it is (None may be a value: it clears the field)."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class SetEquipment:
    """PUT /users/me/equipment: the lifter's bar and plates (the JSON of ``programs.plates.Equipment``)."""

    user_id: str
    equipment: dict


@dataclass(frozen=True)
class UpdateAccount:
    """PATCH /users/me: the unit every weight is shown in, and the name shown for the user."""

    user_id: str
    weight_unit: str | Keep = KEEP
    display_name: str | None | Keep = KEEP


Command = (Enroll | Quit | NextCycle | AdvanceWeek | StartWorkout | LogSet | FinishWorkout | AbandonWorkout
           | CorrectSet | DeleteSet | UpdateAccount | UpdateWorkout | SetEquipment)
