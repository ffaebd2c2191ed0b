"""Helpers for the program tests: weights in lb, programs from YAML text, logged sessions."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from engine.programs import (
    Performance,
    PerformedSet,
    PrescribedSet,
    Program,
    SlotState,
    Weight,
    apply_changes,
    apply_progressions,
    load_program,
    prescribe,
)
from engine.programs.loader import DEFAULT_PROGRAMS_DIR
from tests.support.work_sets import work_sets


def lb(value) -> Weight:
    return Weight.of(value, "lb")


def kg(value) -> Weight:
    return Weight.of(value, "kg")


def shipped(slug: str) -> Program:
    return load_program(DEFAULT_PROGRAMS_DIR / f"{slug}.yaml")


def program_from_yaml(tmp_path: Path, text: str) -> Program:
    """A program written inline in a test (its slug must be ``test-program``)."""
    path = tmp_path / "test-program.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return load_program(path)


def slots_lb(**weights) -> dict[str, SlotState]:
    """``slots_lb(squat=360)``; use ``__`` for ``.`` in slot ids (``squat__t1``)."""
    return {name.replace("__", "."): SlotState(weight=lb(w)) for name, w in weights.items()}


def weights(sets: Iterable[PrescribedSet], exercise_id: str | None = None) -> list[Decimal | None]:
    """The work sets' weights (warm-ups left out), of one exercise or all."""
    return [None if s.weight is None else s.weight.value for s in work_sets(sets)
            if exercise_id in (None, s.exercise_id)]


def by_exercise(sets: Iterable[PrescribedSet]) -> dict[str, list[Decimal | None]]:
    """Each exercise's work-set weights in order (warm-ups left out)."""
    out: dict[str, list[Decimal | None]] = {}
    for s in work_sets(sets):
        out.setdefault(s.exercise_id, []).append(None if s.weight is None else s.weight.value)
    return out


def perform(
    prescribed: Iterable[PrescribedSet],
    reps: Callable[[PrescribedSet], int] | Mapping[int, int] | None = None,
    session_id: str = "session-1",
) -> list[PerformedSet]:
    """Log every prescribed set at its prescribed weight; reps from ``reps`` (by set index, or a
    function), else the target."""

    def reps_of(p: PrescribedSet) -> int:
        if callable(reps):
            return reps(p)
        if isinstance(reps, Mapping) and p.set_index in reps:
            return reps[p.set_index]
        return p.target_reps or 0

    return [p.performed(reps_of(p), p.weight, session_id=session_id) for p in prescribed]


def run_session(
    program: Program,
    position: tuple[int, int],
    slots: Mapping[str, SlotState],
    reps=None,
    session_id: str = "session-1",
    enrollment_id: str = "enrollment-1",
) -> tuple[list[PrescribedSet], dict[str, SlotState]]:
    """Prescribe, log, fire ON_FAILURE per failed set and AFTER_SESSION: what the service does."""
    prescribed = prescribe(program, position, slots, "lb")
    performed = perform(prescribed, reps, session_id)
    state = dict(slots)
    for logged in performed:
        if not logged.met_target:
            changes = apply_progressions(
                program, "ON_FAILURE", f"{session_id}/set/{logged.set_index}", enrollment_id, state,
                Performance(sets=(logged,), session_id=session_id),
            )
            state = apply_changes(state, changes)
    changes = apply_progressions(
        program,
        "AFTER_SESSION",
        session_id,
        enrollment_id,
        state,
        Performance(sets=tuple(performed), session_id=session_id),
    )
    return prescribed, apply_changes(state, changes)
