"""Machines bound to an object's attribute: the attribute is the state, read and written in place."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engine.db.models import UserProgramState, WorkoutSession
from engine.machines import CycleTrigger, Fired, InvalidTransition, WeekTrigger, bind, create, fire


def test_restoring_reads_the_attribute_without_replaying_anything(specs):
    entered = []
    row = SimpleNamespace(week_status="IN_PROGRESS", on_enter_state=lambda state: entered.append(state.id))
    machine = bind(specs["week"], row)
    assert machine.configuration_values == {"IN_PROGRESS"}
    assert [event.id for event in machine.allowed_events] == ["complete"]
    assert entered == []  # no initial state entered, no transition replayed
    assert fire(specs["week"], row, WeekTrigger.COMPLETE).to_state == "COMPLETED"
    assert row.week_status == "COMPLETED"
    assert entered == ["COMPLETED"]  # the same callback does see states that are entered


def test_firing_writes_each_new_state_to_the_attribute(specs):
    row = SimpleNamespace(cycle_status="PENDING")
    machine = bind(specs["cycle"], row)
    machine.send("start")
    assert row.cycle_status == "IN_PROGRESS"
    machine.send("complete")
    assert row.cycle_status == "COMPLETED"


@pytest.mark.parametrize("row", [SimpleNamespace(cycle_status=None), SimpleNamespace()], ids=["none", "missing"])
def test_a_new_entity_enters_the_initial_state_when_bound(specs, row):
    bind(specs["cycle"], row)
    assert row.cycle_status == "PENDING"


def test_an_unflushed_orm_row_is_a_new_entity(specs):
    # Column defaults only apply at flush, so a fresh row's status is None until then.
    row = UserProgramState(user_id="u1", program_slug="5-3-1")
    assert row.cycle_status is None
    fired = fire(specs["cycle"], row, CycleTrigger.START)
    assert fired == Fired("cycle", "start", "PENDING", "IN_PROGRESS", "CYCLE_STARTED")
    assert row.cycle_status == "IN_PROGRESS"


def test_an_orm_row_restores_from_its_column(specs):
    row = UserProgramState(enrollment_status="BETWEEN_CYCLES")
    fired = fire(specs["enrollment"], row, "next_cycle")
    assert fired == Fired("enrollment", "next_cycle", "BETWEEN_CYCLES", "ACTIVE", None)
    assert row.enrollment_status == "ACTIVE"


def test_creation_enters_the_initial_state_and_reports_the_creation_event(specs):
    session = WorkoutSession()
    created = create(specs["session"], session)
    assert created == Fired("session", "start_workout", None, "IN_PROGRESS", "WORKOUT_STARTED")
    assert session.status == "IN_PROGRESS"
    assert create(specs["enrollment"], UserProgramState()).event == "ENROLLED"


def test_creation_refuses_an_existing_entity_or_a_machine_without_one(specs):
    with pytest.raises(ValueError, match="already 'COMPLETED'"):
        create(specs["session"], WorkoutSession(status="COMPLETED"))
    with pytest.raises(ValueError, match="no creation event"):
        create(specs["week"], UserProgramState())


def test_a_value_that_is_no_state_is_refused_when_binding(specs):
    with pytest.raises(ValueError, match="'DONE', not a state of the week machine"):
        bind(specs["week"], SimpleNamespace(week_status="DONE"))


def test_a_refused_trigger_leaves_the_attribute_alone(specs):
    row = SimpleNamespace(status="COMPLETED")
    with pytest.raises(InvalidTransition):
        fire(specs["session"], row, "abandon")
    assert row.status == "COMPLETED"


def test_an_exception_in_a_model_callback_propagates(specs):
    # A loaded StateChart would turn it into an error.execution event and carry on.
    def fail():
        raise RuntimeError("callback failed")

    row = SimpleNamespace(status="IN_PROGRESS", on_enter_COMPLETED=fail)
    with pytest.raises(RuntimeError, match="callback failed"):
        fire(specs["session"], row, "finish")
