"""The program vocabulary: load, prescribe and progress training programs (pure Python).

The service layer needs only what is exported here; docs/programs.md describes the YAML.
"""

from engine.programs.lifts import Lift, load_lifts
from engine.programs.loader import content_hash, load_program, load_program_text, load_programs
from engine.programs.model import Program, SetKind, Trigger
from engine.programs.positions import Position, cycle_positions, next_position
from engine.programs.prescribe import MissingInputs, initial_slots, prescribe
from engine.programs.progress import apply_changes, apply_progressions, idempotency_key
from engine.programs.rounding import RoundingMode, round_to, round_weight
from engine.programs.state import (
    Performance,
    PerformedSet,
    PrescribedSet,
    SlotChange,
    SlotState,
    performed_from,
)
from engine.programs.units import Amount, Unit, Weight

__all__ = [
    "Amount",
    "Lift",
    "MissingInputs",
    "Performance",
    "PerformedSet",
    "Position",
    "PrescribedSet",
    "Program",
    "RoundingMode",
    "SetKind",
    "SlotChange",
    "SlotState",
    "Trigger",
    "Unit",
    "Weight",
    "apply_changes",
    "apply_progressions",
    "content_hash",
    "cycle_positions",
    "idempotency_key",
    "initial_slots",
    "load_lifts",
    "load_program",
    "load_program_text",
    "load_programs",
    "next_position",
    "performed_from",
    "prescribe",
    "round_to",
    "round_weight",
]
