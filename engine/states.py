"""The few states the engine's code names, spelt as the status columns store them.

The machine specs (``specs/machines/*.yaml``) are the one list of states: the API's enums, the
diagrams and the comparison with the database's CHECK constraints all read the loaded specs.
Code that must name a state for what it means (workouts start only while the enrollment is
ACTIVE, only COMPLETED workouts count, one IN_PROGRESS workout at a time, a QUIT or COMPLETED
enrollment is history) names it here, and the machine loader refuses a spec that does not declare each one
(``engine.machines.checks``), so a YAML edit cannot silently orphan one.

A leaf module: the database layer's partial indexes and queries use it too.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class EnrollmentState(StrEnum):
    ACTIVE = "ACTIVE"  # the only state in which workouts start
    QUIT = "QUIT"  # history: a user has at most one enrollment in any other state
    COMPLETED = "COMPLETED"  # history too: the last cycle of a program that ends (after_cycle: end)


# The enrollments that are history: the lifter may enroll again, so the one-live-enrollment
# index (engine/db/models.py, migrations/00040) and every "live enrollment" query leave them out.
HISTORY = (EnrollmentState.QUIT, EnrollmentState.COMPLETED)


class SessionState(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"  # at most one per enrollment (a partial unique index)
    COMPLETED = "COMPLETED"  # the workouts progressions count (abandoned ones never do)


class SetState(StrEnum):
    """The implicit set machine of the design, which has no YAML: a set is PENDING while no row
    exists and LOGGED once its row does; logging one is logged as this transition."""

    PENDING = "PENDING"
    LOGGED = "LOGGED"


# machine name -> the states of it that code names; cycle and week states are only named in YAML.
NAMED_STATES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"enrollment": frozenset(EnrollmentState), "session": frozenset(SessionState)}
)
