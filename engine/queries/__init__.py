"""The read side: what the API and the CLI show, read from stored columns (no state derived on read).

``stored`` reads the answers of the read endpoints back as stored (one statement each);
``rendering`` turns views into the JSON values that are stored and sent.

``state`` builds the state block every enrollment and workout view carries (each level's state,
the position, the workout in progress, the allowed ``(machine, trigger)`` pairs); ``workouts``
and ``history`` read a user's workouts, progression log and transition log a page at a time;
``catalog`` describes the loaded programs and machines. Every function takes the services
(``ctx``: machines and catalog) and/or a fresh unit of work, and returns plain data.
"""

from . import accounts, stored
from .history import SetFilter, SlotFilter, events, logged_sets, progression_logs
from .lift_history import lift_history
from .records import records
from .specs import TRIGGER_EVENTS, machine, machines, program, program_page, programs
from .state import (
    LOG_SET,
    START_WORKOUT,
    Action,
    ActionsNow,
    Page,
    WorkoutSet,
    actions_now,
    allowed_actions,
    enrollment,
    state_block,
)
from .workouts import list_workouts

__all__ = [
    "LOG_SET",
    "START_WORKOUT",
    "TRIGGER_EVENTS",
    "Action",
    "ActionsNow",
    "Page",
    "SetFilter",
    "SlotFilter",
    "WorkoutSet",
    "accounts",
    "actions_now",
    "allowed_actions",
    "enrollment",
    "lift_history",
    "logged_sets",
    "records",
    "events",
    "list_workouts",
    "machine",
    "machines",
    "program",
    "program_page",
    "programs",
    "progression_logs",
    "state_block",
    "stored",
]
