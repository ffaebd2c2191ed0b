"""The naming conventions a program file may rely on, shared by the parser and the checks.

An exercise's id is its lift slug (numbered when the lift repeats in a workout), its slot is
the slot named like the lift, inline workouts are called week<N>-day<M>, ``every_week`` is
shorthand for identical weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def exercise_ids(exercises: list[Mapping[str, Any]]) -> list[str]:
    """Explicit ids, else the lift slug, numbered (squat, squat-2) when the lift repeats."""
    ids: list[str] = []
    for raw in exercises:
        base = raw.get("id") or raw.get("lift")
        candidate, n = base, 1
        while raw.get("id") is None and candidate in ids:
            n += 1
            candidate = f"{base}-{n}"
        ids.append(candidate)
    return ids


def default_slot(raw: Mapping[str, Any], slot_ids: Any) -> str | None:
    return raw.get("slot") or (raw.get("lift") if raw.get("lift") in slot_ids else None)


def inline_workout_id(raw: Mapping[str, Any], week: int, day: int) -> str:
    return raw.get("id") or f"week{week}-day{day}"


def schedule_weeks(raw: Mapping[str, Any]) -> list[dict[str, Any]]:
    """``every_week`` is shorthand for weeks_per_cycle identical weeks."""
    if "weeks" in raw:
        return list(raw["weeks"])
    return [{"days": raw["every_week"]} for _ in range(raw.get("weeks_per_cycle", 1))]
