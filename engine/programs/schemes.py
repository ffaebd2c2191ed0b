"""Set schemes: which sets an exercise has in a given week and stage, one by one.

A set group (``{sets: 5, reps: 3, plus: true}`` = 5x3+) expands into individual sets; the
week picks a lookup row (5/3/1 waves) and the slot's stage picks a stage (GZCLP).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from engine.programs.model import Exercise, SetGroup, SetKind, SetList

# Kinds whose number of sets the lifter decides: logged several times under one set index.
OPEN_ENDED_KINDS = frozenset({SetKind.TOTAL_REPS, SetKind.UNTIL_FAILURE, SetKind.FATIGUE})


@dataclass(frozen=True)
class SetSpec:
    """One set of an exercise before its load is computed."""

    group: SetGroup
    number: int  # 1-based within the exercise
    is_amrap: bool
    open_ended: bool

    @property
    def target_reps(self) -> int | None:
        return None if self.group.kind is SetKind.TIMED else self.group.reps


def exercise_groups(
    exercise: Exercise, week: int, stage: int, lookups: Mapping[str, tuple[SetList, ...]]
) -> SetList:
    """The set groups of ``exercise`` in ``week`` (1-based) at the slot's ``stage`` (0-based)."""
    plan = exercise.sets
    if plan.lookup is not None:
        return lookups[plan.lookup][week - 1]
    if plan.stages is not None:
        if stage >= len(plan.stages) and plan.retest is not None:
            return plan.retest
        # A stage past the last without retest sets (a program edited under an enrollment)
        # falls back to the last stage rather than failing the workout.
        return plan.stages[min(max(stage, 0), len(plan.stages) - 1)]
    assert plan.groups is not None
    return plan.groups


# A program's set lists, expanded: by the list's id, kept with it (so its id is not reused).
_EXPANDED: dict[int, tuple[SetList, tuple[SetSpec, ...]]] = {}
EXPANDED_KEPT = 4096  # set lists (a program has a few dozen)


def expand(groups: Iterable[SetGroup]) -> Sequence[SetSpec]:
    """Each group into its sets: only the last set of a plus group is AMRAP; MRS sets all are.
    A program's set list (a tuple: immutable) is expanded once, not on every prescription."""
    if type(groups) is not tuple:
        return _expanded(groups)
    found = _EXPANDED.get(id(groups))
    if found is not None and found[0] is groups:
        return found[1]
    specs = tuple(_expanded(groups))
    if len(_EXPANDED) >= EXPANDED_KEPT:
        _EXPANDED.clear()
    _EXPANDED[id(groups)] = (groups, specs)
    return specs


def _expanded(groups: Iterable[SetGroup]) -> list[SetSpec]:
    specs: list[SetSpec] = []
    for group in groups:
        for i in range(group.sets):
            last = i == group.sets - 1
            specs.append(
                SetSpec(
                    group=group,
                    number=len(specs) + 1,
                    is_amrap=group.kind is SetKind.MRS or (group.plus and last),
                    open_ended=group.kind in OPEN_ENDED_KINDS,
                )
            )
    return specs


def target_total(groups: Iterable[SetGroup]) -> int:
    """Total target reps of a set list (GZCLP 5x3+ -> 15), warm-ups excluded."""
    return sum(g.sets * (g.reps or 0) for g in groups if not g.warmup and g.kind is SetKind.WORK)
