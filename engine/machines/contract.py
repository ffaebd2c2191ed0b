"""What the engine's Python code relies on the machine YAML to declare.

The YAML is the source of truth for states and transitions; these names are the other side
of that contract. Engine code uses these constants instead of string literals, and the
loader refuses specs that drop one of them, so a YAML edit cannot silently break the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Machine(StrEnum):
    ENROLLMENT = "enrollment"
    CYCLE = "cycle"
    WEEK = "week"
    SESSION = "session"


class MachineEvent(StrEnum):
    """The design's events (SET_LOGGED is not one). A machine may emit others: the loader only
    requires the ones the engine's handlers subscribe to (SUBSCRIBED_EVENTS)."""

    ENROLLED = "ENROLLED"
    CYCLE_BOUNDARY_REACHED = "CYCLE_BOUNDARY_REACHED"
    PROGRAM_COMPLETED = "PROGRAM_COMPLETED"
    QUIT = "QUIT"
    CYCLE_STARTED = "CYCLE_STARTED"
    CYCLE_COMPLETED = "CYCLE_COMPLETED"
    WEEK_STARTED = "WEEK_STARTED"
    WEEK_COMPLETED = "WEEK_COMPLETED"
    WORKOUT_STARTED = "WORKOUT_STARTED"
    WORKOUT_COMPLETED = "WORKOUT_COMPLETED"
    WORKOUT_ABANDONED = "WORKOUT_ABANDONED"


class EnrollmentTrigger(StrEnum):
    COMPLETE_CYCLE = "complete_cycle"
    COMPLETE_PROGRAM = "complete_program"  # after_cycle: end, instead of complete_cycle
    NEXT_CYCLE = "next_cycle"
    QUIT = "quit"


class CycleTrigger(StrEnum):
    START = "start"
    COMPLETE = "complete"
    RESET = "reset"


class WeekTrigger(StrEnum):
    START = "start"
    COMPLETE = "complete"
    # Back to PENDING, both for the next week of a cycle and for week 1 of the next cycle.
    RESET = "reset"


class SessionTrigger(StrEnum):
    FINISH = "finish"
    ABANDON = "abandon"


ENGINE_TRIGGERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        Machine.ENROLLMENT: frozenset(EnrollmentTrigger),
        Machine.CYCLE: frozenset(CycleTrigger),
        Machine.WEEK: frozenset(WeekTrigger),
        Machine.SESSION: frozenset(SessionTrigger),
    }
)

# The machine events engine/service.py's handlers subscribe to (a test keeps the two equal):
# some machine must emit each, once. The cascade's events are checked against the YAML itself.
SUBSCRIBED_EVENTS = frozenset(
    {MachineEvent.WORKOUT_COMPLETED, MachineEvent.WEEK_COMPLETED, MachineEvent.CYCLE_COMPLETED}
)

ACTORS = ("user", "engine")

# The engine abandons a stale session when a new workout starts, so it needs that timeout.
TIMED_MACHINES = frozenset({Machine.SESSION})
