"""A slot's whole state as the progression log keeps it (``previous_state``, ``new_state``):
the columns of ``progression_states`` as JSON, so a correction can put a slot back exactly."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..db.models import ProgressionState
from ..programs.state import SlotState


def state_record(state: SlotState) -> dict[str, Any]:
    """The record of a slot state, the weight as a decimal string (JSON has no decimals)."""
    record = state.to_record()
    return {**record, "weight": None if record["weight"] is None else str(record["weight"])}


def slot_state(record: Mapping[str, Any], unit: str) -> SlotState:
    weight = None if record["weight"] is None else Decimal(record["weight"])
    return SlotState.from_record(weight, record["failure_count"], record["stage"], record["data"], unit)


def restore(row: ProgressionState, record: Mapping[str, Any]) -> None:
    """Put a ``progression_states`` row back to a recorded state."""
    row.weight = None if record["weight"] is None else Decimal(record["weight"])
    row.failure_count = record["failure_count"]
    row.stage = record["stage"]
    row.data = dict(record["data"])
