"""The four state machines (enrollment, cycle, week, session), declared in specs/machines/*.yaml.

See docs/machines.md for the file format and the ``powerpro:`` sidecar.
"""

from .binding import Fired, InvalidTransition, bind, create, fire
from .contract import (
    ACTORS,
    ENGINE_TRIGGERS,
    SUBSCRIBED_EVENTS,
    TIMED_MACHINES,
    CycleTrigger,
    EnrollmentTrigger,
    Machine,
    MachineEvent,
    SessionTrigger,
    WeekTrigger,
)
from .loading import load_machines
from .spec import Creation, MachineSpec, Reaction, TransitionSpec, allowed_triggers

__all__ = [
    "ACTORS",
    "ENGINE_TRIGGERS",
    "SUBSCRIBED_EVENTS",
    "TIMED_MACHINES",
    "Creation",
    "CycleTrigger",
    "EnrollmentTrigger",
    "Fired",
    "InvalidTransition",
    "Machine",
    "MachineEvent",
    "MachineSpec",
    "Reaction",
    "SessionTrigger",
    "TransitionSpec",
    "WeekTrigger",
    "allowed_triggers",
    "bind",
    "create",
    "fire",
    "load_machines",
]
