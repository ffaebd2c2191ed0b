"""The record bests kept on the workout in progress (migration 00044, engine/queries/record_bests.py)
say exactly what reading the lifter's history at every set said (tests/engine/record_bests_reference.py),
whatever happened to the sets: logs, corrections and deletions (of the workout in progress and of
the last completed one), sets inserted otherwise (legacy ones), unit changes, across workouts."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from engine import accounts
from engine.commands import (
    CorrectSet,
    DeleteSet,
    Enroll,
    FinishWorkout,
    InputValue,
    LogSet,
    NextCycle,
    StartWorkout,
    UpdateAccount,
)
from engine.db import repository
from engine.db.models import LoggedSet, User, WorkoutSession, new_id, utcnow
from engine.programs import Weight
from engine.programs.estimates import load_estimates
from engine.queries.display import as_stored
from engine.queries.record_bests import decoded, read
from engine.states import EnrollmentState, SessionState
from tests.engine.record_bests_reference import broken_by as reference_broken_by
from tests.support.statement_count import counting

# Few distinct values, so that ties (a record matched, not beaten) and unit conversions happen.
WEIGHTS = st.sampled_from([Decimal(w) for w in ("0", "45", "100", "100.5", "102.5", "135", "220.462", "225.25")])
REPS = st.integers(min_value=0, max_value=14)
RPES = st.none() | st.sampled_from([Decimal(r) for r in ("5", "6.5", "8", "9.5", "10")])
ACTIONS = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 2), REPS, WEIGHTS, RPES),
    st.tuples(st.just("correct"), st.integers(0, 2), REPS, WEIGHTS, RPES),
    st.tuples(st.just("delete"), st.integers(0, 2)),
    st.tuples(st.just("finish")),
    st.tuples(st.just("start")),
    st.tuples(st.just("unit")),
    st.tuples(st.just("legacy"), st.sampled_from(["squat", "bench-press"]), REPS, WEIGHTS),
)
_emails = itertools.count()


class Lifter:
    """One lifter on the tiny program, and what the test knows of their workouts."""

    def __init__(self, services) -> None:
        self.services = services
        email = f"records{next(_emails)}@example.com"
        self.id = accounts.register(services.uow(), email, "correct horse", token_lifetime_seconds=3600).account.id
        inputs = (InputValue("squat.work", Weight.of(100, "lb")), InputValue("bench-press.work", Weight.of(80, "lb")))
        services.handle(Enroll(self.id, "tiny-linear", inputs))
        self.current: str | None = None  # the workout in progress
        self.correctable: str | None = None  # the last completed one, while nothing started since
        self.weight_unit = "lb"

    def run(self, action: tuple) -> None:
        getattr(self, action[0])(*action[1:])
        self.check_kept_bests()

    def start(self) -> None:
        if self.current is not None:
            return
        with self.services.uow() as uow:
            status = repository.live_enrollment(uow.session, self.id).enrollment_status
        if status != EnrollmentState.ACTIVE:  # between cycles: the tiny program's cycle is four workouts
            self.services.handle(NextCycle(self.id))
        self.current, self.correctable = self.services.handle(StartWorkout(self.id)).result, None

    def finish(self) -> None:
        if self.current is not None:
            self.services.handle(FinishWorkout(self.id, self.current))
            self.current, self.correctable = None, self.current

    def log(self, pick: int, reps: int, weight: Decimal, rpe: Decimal | None) -> None:
        self.start()
        indexes = self.set_indexes(self.current, logged=False)
        if not indexes:
            return
        outcome = self.services.handle(LogSet(self.id, self.current, indexes[pick % len(indexes)], reps, weight, rpe),
                                       answer=True)
        with self.services.uow() as uow:
            row = uow.session.get(LoggedSet, outcome.result)
            expected = as_stored(reference_broken_by(uow.session, row), uow.session.get(User, self.id).weight_unit)
        assert outcome.answer["records"] == expected

    def correct(self, pick: int, reps: int, weight: Decimal, rpe: Decimal | None) -> None:
        workout = self.current or self.correctable
        indexes = self.set_indexes(workout, logged=True) if workout else []
        if indexes:
            clear = frozenset({"rpe"}) if rpe is None else frozenset()
            self.services.handle(CorrectSet(self.id, workout, indexes[pick % len(indexes)], reps, weight, rpe,
                                            clear=clear))

    def delete(self, pick: int) -> None:
        workout = self.current or self.correctable
        indexes = self.set_indexes(workout, logged=True) if workout else []
        if indexes:
            self.services.handle(DeleteSet(self.id, workout, indexes[pick % len(indexes)]))

    def unit(self) -> None:
        if self.current is not None:
            return  # refused: the workout in progress is prescribed in the unit it has
        self.weight_unit = "kg" if self.weight_unit == "lb" else "lb"
        self.services.handle(UpdateAccount(self.id, weight_unit=self.weight_unit))

    def legacy(self, lift: str, reps: int, weight: Decimal) -> None:
        """A set from before workouts were tracked, inserted through the ORM as an import could."""
        with self.services.uow() as uow:
            uow.session.add(LoggedSet(id=new_id(), user_id=self.id, session_id=f"legacy-{new_id()}", lift_slug=lift,
                                      weight=weight, unit="lb", reps=reps, logged_at=utcnow(), warmup=False))
            uow.commit()

    def set_indexes(self, workout_id: str, *, logged: bool) -> list[int]:
        with self.services.uow() as uow:
            prescribed = [p.set_index for p in uow.session.get(WorkoutSession, workout_id).prescription]
            done = {s.set_index for s in uow.session.query(LoggedSet).filter(LoggedSet.session_id == workout_id)}
        return [i for i in prescribed if (i in done) == logged]

    def check_kept_bests(self) -> None:
        """Bests kept on the workout in progress are the history's, never stale ones; so are those
        the enrollment carries to its next workout, while none is in progress."""
        if self.current is None:
            self.check_carried_bests()
            return
        with self.services.uow() as uow:
            row = uow.session.get(WorkoutSession, self.current)
            assert row.status == SessionState.IN_PROGRESS
            kept = decoded(row.record_bests, load_estimates())
            if kept is None:
                return
            history = read(uow.session, self.id, row.id, set(kept), load_estimates())
        assert {slug: _comparable(b) for slug, b in kept.items()} == {
            slug: _comparable(b) for slug, b in history.items()}


    def check_carried_bests(self) -> None:
        with self.services.uow() as uow:
            enrollment = repository.live_enrollment(uow.session, self.id)
            carried = decoded(enrollment.record_bests, load_estimates())
            if carried is None:
                return
            history = read(uow.session, self.id, "no workout", set(carried), load_estimates())
        assert all(not bests.sets for bests in carried.values())
        assert {slug: _comparable(b) for slug, b in carried.items()} == {
            slug: _comparable(b) for slug, b in history.items()}


def _comparable(bests) -> tuple:
    return bests.rep_maxes, bests.e1rm, bests.volume, sorted(bests.sets)


@pytest.mark.parametrize("seed", [0])
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(actions=st.lists(ACTIONS, min_size=1, max_size=25))
def test_kept_bests_report_the_records_reading_the_history_reports(services, seed, actions):
    lifter = Lifter(services)
    for action in actions:
        lifter.run(action)


def test_a_correction_forgets_the_bests_and_the_next_set_reads_them_again(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).record_bests is None  # none read at the start
    services.handle(LogSet(user_id, workout, 0, 5, Decimal(100)))
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).record_bests is not None  # read by the first set
    with counting(services.db) as corrected:
        services.handle(CorrectSet(user_id, workout, 0, reps=3))
    # Forgotten once (the enrollment's carried bests, then the workout's), though the correction
    # flushes once per set it logs again.
    assert len([s for s in corrected.statements if "record_bests=NULL" in s]) == 2
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).record_bests is None
    logged = services.handle(LogSet(user_id, workout, 1, 5, Decimal(100)), answer=True)
    # The corrected 3 x 100 made no 5-rep max: this 5 x 100 does, read again from the history.
    assert [r["record"] for r in logged.answer["records"]] == ["rep_max", "e1rm", "session_volume"]
    assert logged.answer["records"][0]["previous"] is None
    with services.uow() as uow:
        kept = decoded(uow.session.get(WorkoutSession, workout).record_bests, load_estimates())
    assert kept["squat"].rep_maxes[5] == Decimal(100) * Decimal("0.45359237")
    services.handle(FinishWorkout(user_id, workout))
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).record_bests is None  # kept only while in progress


def test_the_next_workout_starts_with_the_bests_the_last_ones_left(services, user_id, enrolled):
    """A finish carries its workout's bests on the enrollment; a workout whose every lift they hold
    starts with them, and its first work set reads no history: one statement less than a first set
    that reads it, and the same records."""
    day_a = services.handle(StartWorkout(user_id)).result  # squat 2 x 5
    with counting(services.db) as reading:
        services.handle(LogSet(user_id, day_a, 0, 5, Decimal(100)))
    services.handle(FinishWorkout(user_id, day_a))
    day_b = services.handle(StartWorkout(user_id)).result  # bench press 1 x 5: not carried yet
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, day_b).record_bests is None
    services.handle(LogSet(user_id, day_b, 0, 5, Decimal(80)))
    services.handle(FinishWorkout(user_id, day_b))
    with services.uow() as uow:
        carried = decoded(repository.live_enrollment(uow.session, user_id).record_bests, load_estimates())
    assert set(carried) == {"squat", "bench-press"}
    day_a_again = services.handle(StartWorkout(user_id)).result
    with services.uow() as uow:
        started = decoded(uow.session.get(WorkoutSession, day_a_again).record_bests, load_estimates())
    assert set(started) == {"squat"} and started["squat"].volume == Decimal(500) * Decimal("0.45359237")
    with counting(services.db) as carried_on:
        logged = services.handle(LogSet(user_id, day_a_again, 0, 5, Decimal(105)), answer=True)
    def history(counted):
        return [s for s in counted.statements if "FROM logged_sets" in s]
    # On PostgreSQL the read of history also sends the set's INSERT alone, ahead of it (a deferred
    # write: engine/db/shaped_writes.py), where it would ride along the answer's UPDATE.
    alone = 1 if services.db.dialect.name == "postgresql" else 0
    assert history(reading) and not history(carried_on)
    assert len(carried_on.statements) == len(reading.statements) - 1 - alone
    assert [r["record"] for r in logged.answer["records"]] == ["rep_max", "e1rm", "session_volume"]
    assert logged.answer["records"][0]["previous"] == 100


def test_bests_of_another_estimates_spec_are_read_again(services, user_id, enrolled):
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5, Decimal(100)))
    with services.uow() as uow:
        row = uow.session.get(WorkoutSession, workout)
        # Bests that, taken as they are, would make the next set beat every record.
        row.record_bests = {"estimates": "another spec", "lifts": {
            "squat": {"rep_maxes": {}, "e1rm": None, "volume": None, "sets": []}}}
        uow.commit()
    logged = services.handle(LogSet(user_id, workout, 1, 5, Decimal(100)), answer=True)
    # Read from the history: the first set's 5 x 100 is matched, not beaten; the workout's volume is.
    assert logged.answer["records"] == [{"record": "session_volume", "volume": 1000, "previous": 500, "unit": "lb"}]


def test_a_set_inserted_past_the_bests_forgets_them(services, user_id, enrolled):
    # A Core insert whose caller does not move the bests on (a future command, a script) leaves
    # none rather than bests that miss its set.
    workout = services.handle(StartWorkout(user_id)).result
    services.handle(LogSet(user_id, workout, 0, 5, Decimal(100)))
    with services.uow() as uow:
        row = repository.workout_for_command(uow.session, workout)[1]
        assert row.record_bests is not None
        repository.insert_set(uow.session, LoggedSet(
            id=new_id(), user_id=user_id, session_id=workout, user_program_state_id=enrolled, lift_slug="squat",
            weight=Decimal(500), unit="lb", reps=5, set_index=0, logged_at=utcnow(), warmup=False))
        uow.commit()
    with services.uow() as uow:
        assert uow.session.get(WorkoutSession, workout).record_bests is None
    logged = services.handle(LogSet(user_id, workout, 1, 5, Decimal(500)), answer=True)
    # Read again from the history, the inserted 5 x 500 with it: matched, not beaten; the volume is.
    assert logged.answer["records"] == [{"record": "session_volume", "volume": 5500, "previous": 3000, "unit": "lb"}]
