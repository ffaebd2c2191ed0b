"""A finish reads the enrollment's slots as plain rows (``engine.db.progressions.SlotRow``) when
its unit of work holds none of them as ORM rows: the rules change those, and the enrollment's
answer renders them as written (``slots_of``). A unit of work that holds the ORM rows, or loads
them later, changes and shows those instead."""

from __future__ import annotations

from decimal import Decimal

from engine.commands import FinishWorkout, StartWorkout
from engine.db import progressions, repository
from engine.db.models import ProgressionState, User, UserProgramState
from engine.db.progressions import SlotRow
from engine.queries.display import stored_enrollment
from engine.queries.state import enrollment_view
from tests.engine.support import log_all

NEW = {"weight": Decimal("142.500"), "failure_count": 2, "stage": 1, "data": {"unit": "lb"}}


def test_plain_slot_rows_are_read_locked_in_order_and_written_as_the_database_keeps_them(services, enrolled):
    with services.uow() as uow:
        session = uow.session
        rows = progressions.slots_to_change(session, enrolled)
        assert rows and all(isinstance(r, SlotRow) for r in rows)
        assert [r.slot for r in rows] == sorted(r.slot for r in rows)
        first = rows[0]
        progressions.write_progressions(session, [], {first: NEW})
        assert (first.weight, first.failure_count, first.stage, first.data) == tuple(NEW.values())
        assert progressions.slots_of(session, enrolled) is rows  # the enrollment's answer shows them
        uow.mark_stale(enrollment_id=enrolled)
        uow.commit()
    with services.uow() as uow:
        again = {r.slot: r for r in repository.progression_states(uow.session, enrolled)}[first.slot]
        assert (again.weight, again.failure_count, again.stage, again.data) == tuple(NEW.values())


def test_slots_the_session_holds_as_orm_rows_are_those_changed_and_shown(services, enrolled):
    with services.uow() as uow:
        session = uow.session
        held = repository.progression_states(session, enrolled)
        rows = progressions.slots_to_change(session, enrolled)
        assert list(rows) == list(held) and all(isinstance(r, ProgressionState) for r in rows)
        progressions.write_progressions(session, [], {rows[0]: NEW})
        assert held[0].weight == NEW["weight"] and not session.is_modified(held[0])  # as committed
        assert list(progressions.slots_of(session, enrolled)) == list(held)


def test_orm_rows_loaded_after_the_plain_ones_are_what_the_answer_shows(services, enrolled):
    with services.uow() as uow:
        session = uow.session
        plain = progressions.slots_to_change(session, enrolled)
        orm = repository.progression_states(session, enrolled)
        orm[0].failure_count = 5  # changed through the ORM after the plain read: the plain rows are old
        shown = progressions.slots_of(session, enrolled)
        assert shown is not plain and shown[0] is orm[0] and shown[0].failure_count == 5


def test_a_finish_stores_the_enrollment_answer_its_rows_render_afresh(services, user_id, enrolled):
    for _ in range(2):
        workout = services.handle(StartWorkout(user_id)).result
        log_all(services, user_id, workout)
        services.handle(FinishWorkout(user_id, workout))
    with services.uow() as uow:
        session = uow.session
        row = session.get(UserProgramState, enrolled)
        unit = session.get(User, user_id).weight_unit
        stored, fresh = row.answer, stored_enrollment(enrollment_view(services, session, row), unit)
        slots = {r.slot: r.weight for r in repository.progression_states(session, enrolled)}
    assert stored == fresh
    assert slots == {"squat": Decimal("105.000"), "bench-press": Decimal("80.000")}  # A went up, B has no rule
