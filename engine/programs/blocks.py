"""Repeatable blocks of a schedule: ``{repeat: N, label: ..., weeks: [...]}`` among the
``schedule.weeks`` stands for its weeks N times in a row (Sheiko Beginner's preparatory block,
run as many times as the lifter chose: ``repeat: {option: prep-blocks}``).

Expanded on the parsed YAML, after the options are written in, so the checks and the model see
plain weeks; an inline workout's default id (``week<N>-day<M>``) then follows its week, so each
repetition has its own workouts. A repeated week's label says which repetition it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def is_block(item: Any) -> bool:
    return isinstance(item, Mapping) and "repeat" in item and "weeks" in item


def expand_blocks(data: Any) -> Any:
    """``data`` with every block of ``schedule.weeks`` written out as its weeks, N times."""
    schedule = data.get("schedule") if isinstance(data, Mapping) else None
    weeks = schedule.get("weeks") if isinstance(schedule, Mapping) else None
    if not isinstance(weeks, list) or not any(is_block(item) for item in weeks):
        return data
    expanded: list[Any] = []
    for item in weeks:
        expanded += _repeated(item) if is_block(item) else [item]
    return {**data, "schedule": {**schedule, "weeks": expanded}}


def _repeated(block: Mapping[str, Any]) -> list[Any]:
    times = block["repeat"]
    if not isinstance(times, int) or isinstance(times, bool) or times < 1:
        return list(block["weeks"])  # the schema (or the option's bounds) reports it
    out = []
    for n in range(1, times + 1):
        for week in block["weeks"]:
            label = week.get("label") if isinstance(week, Mapping) else None
            if times > 1 and isinstance(week, Mapping):
                week = {**week, "label": f"{label or block.get('label', 'Block')} ({n} of {times})"}
            out.append(week)
    return out
