"""Property tests: prescribed loads are always plate-able; progressions apply exactly once and
additive increases do not depend on replay order."""

import random
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from engine.programs import (
    Performance,
    SlotState,
    Weight,
    apply_changes,
    apply_progressions,
    idempotency_key,
    initial_slots,
    load_programs,
    next_position,
    prescribe,
)
from tests.programs.support import lb, perform, shipped

BBB = shipped("wendler-531-bbb")
SS = shipped("starting-strength")
GREYSKULL = shipped("greyskull-lp")
training_maxes = st.decimals(min_value=20, max_value=700, places=1)


@settings(max_examples=60, deadline=None)
@given(training_maxes, st.integers(1, 4), st.integers(0, 3), st.sampled_from(["lb", "kg"]))
def test_every_prescribed_barbell_load_is_a_plate_multiple_and_at_least_the_bar(tm, week, day, unit):
    slots = {s: SlotState(weight=lb(tm)) for s in BBB.slots}
    increment, bar = (Decimal(5), Decimal(45)) if unit == "lb" else (Decimal("2.5"), Decimal(20))
    for s in prescribe(BBB, (week, day), slots, unit):
        if s.weight is not None and BBB.lifts[s.lift].barbell:
            assert s.weight.unit == unit and s.weight.value % increment == 0 and s.weight.value >= bar


def test_the_idempotency_key_names_enrollment_rule_slot_and_event():
    assert idempotency_key("enr", "tm-increase", "squat", "evt") == "enr:tm-increase:squat:evt"
    slots = {s: SlotState(weight=lb(300)) for s in BBB.slots}
    first = apply_progressions(BBB, "AFTER_CYCLE", "evt", "enr", slots, Performance())
    again = apply_progressions(BBB, "AFTER_CYCLE", "evt", "enr", slots, Performance())
    assert [c.idempotency_key for c in first] == [c.idempotency_key for c in again]
    assert len({c.idempotency_key for c in first}) == 4


session_reps = st.lists(st.integers(0, 6), min_size=7, max_size=7)


def events_of(program, position, slots, reps, session_id):
    """The events the service layer would fire for one session: each failed set, then the finish."""
    prescribed = prescribe(program, position, slots, "lb")
    performed = perform(prescribed, lambda p: reps[p.set_index % len(reps)], session_id)
    events = [
        ("ON_FAILURE", f"{session_id}/{s.set_index}", Performance(sets=(s,), session_id=session_id))
        for s in performed
        if not s.met_target
    ]
    return events + [("AFTER_SESSION", session_id, Performance(sets=tuple(performed), session_id=session_id))]


def replay(program, slots, events, applied=frozenset()):
    keys = set()
    for trigger, event_id, performance in events:
        changes = apply_progressions(program, trigger, event_id, "enr", slots, performance, applied)
        keys |= {c.idempotency_key for c in changes}
        slots = apply_changes(slots, changes)
    return slots, keys


@settings(max_examples=60, deadline=None)
@given(session_reps, st.integers(0, 2), st.integers(0, 2))
def test_applying_the_same_events_twice_is_applying_them_once(reps, day, failures):
    slots = {s: SlotState(weight=lb(150), failure_count=failures) for s in SS.slots}
    events = events_of(SS, (1, day), slots, reps, "session-7")
    once, keys = replay(SS, slots, events)
    # With the database's unique keys: every change is skipped.
    twice, again = replay(SS, once, events, applied=keys)
    assert twice == once and again == set()


@settings(max_examples=60, deadline=None)
@given(session_reps, st.integers(0, 2))
def test_a_repeated_failed_set_counts_its_session_once_even_without_the_keys(reps, day):
    slots = {s: SlotState(weight=lb(150), failure_count=1) for s in SS.slots}
    failures = [e for e in events_of(SS, (1, day), slots, reps, "session-9") if e[0] == "ON_FAILURE"]
    once, _ = replay(SS, slots, failures)
    twice, _ = replay(SS, once, failures)
    assert twice == once


amrap_events = st.lists(
    st.tuples(
        st.sampled_from(["overhead-press", "squat", "bench-press", "barbell-row", "deadlift"]), st.integers(5, 15)
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(amrap_events, st.randoms(use_true_random=False))
def test_additive_increases_do_not_depend_on_replay_order(events, rnd: random.Random):
    start = {s: SlotState(weight=lb(100)) for s in GREYSKULL.slots}

    def performance(lift, amrap):
        sets = [
            s.__class__(**{**s.__dict__, "reps": amrap if s.is_amrap else 5})
            for s in perform(prescribe(GREYSKULL, (1, 0 if lift in ("overhead-press", "squat") else 1), start, "lb"))
            if s.lift == lift
        ]
        return Performance(sets=tuple(sets))

    def run(order):
        slots = start
        for n in order:
            lift, amrap = events[n]
            changes = apply_progressions(
                GREYSKULL, "AFTER_SESSION", f"event-{n}", "enr", slots, performance(lift, amrap)
            )
            slots = apply_changes(slots, changes)
        return slots

    order = list(range(len(events)))
    shuffled = order[:]
    rnd.shuffle(shuffled)
    assert run(order) == run(shuffled)


def test_changes_carry_previous_and_new_state():
    slots = {s: SlotState(weight=lb(150)) for s in SS.slots}
    events = events_of(SS, (1, 0), slots, [5] * 7, "s1")
    changes = apply_progressions(SS, "AFTER_SESSION", "s1", "enr", slots, events[-1][2])
    squat = next(c for c in changes if c.slot == "squat")
    assert (squat.previous_weight, squat.new_weight, squat.lift, squat.rule_type) == (
        lb(150),
        lb(155),
        "squat",
        "linear",
    )
    assert squat.new.to_record() == {
        "weight": Decimal("155.000"),
        "failure_count": 0,
        "stage": 0,
        "data": {"unit": "lb"},
    }
    assert SlotState.from_record(Decimal("155.000"), 0, 0, {"unit": "lb"}) == squat.new
    assert Weight.of(155, "lb") == squat.new_weight


ALL_PROGRAMS = load_programs()


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(ALL_PROGRAMS)),
    st.decimals(min_value=45, max_value=600, places=1),
    st.sampled_from(["lb", "kg"]),
    st.booleans(),
)
def test_every_workout_of_every_shipped_program_prescribes_plate_loads(slug, weight, unit, with_optional):
    program = ALL_PROGRAMS[slug]
    maxes = {i.id: Weight.of(weight, unit) for i in program.inputs.values() if with_optional or not i.optional}
    slots = initial_slots(program, maxes)
    increment = program.rounding.increment.in_unit(unit)
    position = (1, 0)
    while position is not None:
        for s in prescribe(program, position, slots, unit):
            if s.weight is not None:
                assert s.weight.unit == unit and s.weight.value >= 0
                if program.lifts[s.lift].barbell:
                    assert s.weight.value >= (45 if unit == "lb" else 20)
                    assert s.weight.value % increment == 0 or s.weight.value in (45, 20)
        position = next_position(program, position)
