"""The work sets of a workout: every set but the warm-ups.

A workout's sets are in lifting order, each lift's warm-ups first (``warmup: true``), and
``set_index`` is a set's position in that order, warm-ups included. A test that means "the work
sets" says so with these helpers instead of counting positions, as a client must
(docs/programs.md, warm-ups).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def is_warmup(item: Any) -> bool:
    """A prescribed or logged set as the API answers it (a dict) or as the engine holds it."""
    return bool(item["warmup"] if isinstance(item, Mapping) else item.warmup)


def work_sets(workout: Any) -> list:
    """The work sets of ``workout``: an API workout (a dict with ``sets``), or any sets."""
    sets: Iterable = workout["sets"] if isinstance(workout, Mapping) else workout
    return [s for s in sets if not is_warmup(s)]


def warmup_sets(workout: Any) -> list:
    sets: Iterable = workout["sets"] if isinstance(workout, Mapping) else workout
    return [s for s in sets if is_warmup(s)]


def work_indices(workout: Any) -> list[int]:
    """The ``set_index`` of each work set, in lifting order."""
    return [s["set_index"] if isinstance(s, Mapping) else s.set_index for s in work_sets(workout)]
