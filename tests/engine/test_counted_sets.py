"""The progression handlers pair a workout's logged sets with its stored prescription without
decoding it (``engine.db.progressions.counted_sets``): every program's every workout of its
first cycle gives what decoding and ``performed_from`` give, less what no rule reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest

from engine.db.progressions import counted_sets
from engine.db.types import PrescribedSets, encode_set
from engine.programs import initial_slots, performed_from, prescribe
from engine.programs.loader import load_programs
from engine.programs.positions import cycle_positions
from engine.programs.sample_inputs import sample_inputs

PROGRAMS = load_programs()


@dataclass(frozen=True)
class Logged:
    set_index: int | None
    weight: Decimal
    unit: str
    reps: int
    rpe: Decimal | None = None


def logged_sets(prescribed) -> list[Logged]:
    # Every set logged, one short, one at an index nothing prescribes, one without an index.
    sets = [Logged(p.set_index, Decimal("102.5"), "lb", (p.target_reps or 5) - (p.set_index % 3 == 1), Decimal("8"))
            for p in prescribed]
    return [*sets, Logged(len(sets) + 7, Decimal(50), "kg", 3), Logged(None, Decimal(1), "lb", 1)]


@pytest.mark.parametrize("slug", sorted(PROGRAMS))
def test_counted_sets_are_the_decoded_pairs_a_rule_can_read(slug):
    program = PROGRAMS[slug]
    slots = initial_slots(program, sample_inputs(program))
    every_slot = set(program.slots)
    some_slots = set(sorted(every_slot)[::2])
    for position in list(cycle_positions(program))[:12]:
        prescribed = prescribe(program, position, slots, "lb")
        logged = logged_sets(prescribed)
        stored = PrescribedSets([encode_set(p) for p in prescribed])
        for chosen in (every_slot, some_slots):
            expected = [s for s in performed_from(PrescribedSets([encode_set(p) for p in prescribed]), logged, "w1")
                        if s.slot in chosen and not s.warmup]
            assert counted_sets(stored, logged, "w1", chosen) == expected
            assert counted_sets(prescribed, logged, "w1", chosen) == expected  # prescribed in this unit of work


def test_a_performed_set_built_without_its_init_is_the_one_its_init_builds():
    from engine.programs.model import SetKind
    from engine.programs.state import PerformedSet, performed_set
    from engine.programs.units import Weight

    given = dict(lift="squat", slot="squat", set_index=3, target_reps=5, is_amrap=True,
                 weight=Weight.of("102.5", "lb"), reps=7, rpe=Decimal("8"), kind=SetKind.WORK, tag="top")
    built = performed_set(**given)
    assert built == PerformedSet(**given) and vars(built) == vars(PerformedSet(**given))
    assert built.session_id is None and built.warmup is False  # the defaults of the fields not given
