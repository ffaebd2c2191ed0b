"""Where an enrollment stands: cycle iteration, week and day, as the cascade moves them."""

from __future__ import annotations

from typing import Any

from ..db.models import UserProgramState


def start_cycle_position(row: UserProgramState, *, iteration: int) -> None:
    row.current_cycle_iteration = iteration
    row.current_week = 1
    row.current_day_index = 0


def day_index(row: UserProgramState) -> int:
    """Enrollments from before the state machines kept NULL until their first workout."""
    return row.current_day_index or 0


def position_payload(row: UserProgramState) -> dict[str, Any]:
    return {"cycle_iteration": row.current_cycle_iteration, "week": row.current_week, "day_index": day_index(row)}
