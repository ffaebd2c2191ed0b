"""Every transition each machine allows, and every one it refuses, checked two ways.

From the design's table written out below (so a YAML edit that departs from the design
fails) and from the loaded specs themselves (so the engine honours whatever the YAML says).
"""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from engine.errors import DomainError
from engine.machines import (
    ENGINE_TRIGGERS,
    InvalidTransition,
    MachineEvent,
    MachineSpec,
    allowed_triggers,
    fire,
    load_machines,
)

from .support import MACHINES_DIR

# machine -> (states, {(source, trigger): (target, emitted event, actors)}), per design.md.
DESIGN: dict[str, tuple[tuple[str, ...], dict[tuple[str, str], tuple[str, str | None, set[str]]]]] = {
    "enrollment": (
        ("ACTIVE", "BETWEEN_CYCLES", "QUIT", "COMPLETED"),
        {
            ("ACTIVE", "complete_cycle"): ("BETWEEN_CYCLES", "CYCLE_BOUNDARY_REACHED", {"engine"}),
            ("ACTIVE", "complete_program"): ("COMPLETED", "PROGRAM_COMPLETED", {"engine"}),
            ("BETWEEN_CYCLES", "next_cycle"): ("ACTIVE", None, {"user"}),
            ("ACTIVE", "quit"): ("QUIT", "QUIT", {"user"}),
            ("BETWEEN_CYCLES", "quit"): ("QUIT", "QUIT", {"user"}),
        },
    ),
    "cycle": (
        ("PENDING", "IN_PROGRESS", "COMPLETED"),
        {
            ("PENDING", "start"): ("IN_PROGRESS", "CYCLE_STARTED", {"engine"}),
            ("IN_PROGRESS", "complete"): ("COMPLETED", "CYCLE_COMPLETED", {"engine"}),
            ("COMPLETED", "reset"): ("PENDING", None, {"engine"}),
        },
    ),
    "week": (
        ("PENDING", "IN_PROGRESS", "COMPLETED"),
        {
            ("PENDING", "start"): ("IN_PROGRESS", "WEEK_STARTED", {"engine"}),
            ("IN_PROGRESS", "complete"): ("COMPLETED", "WEEK_COMPLETED", {"engine", "user"}),
            ("COMPLETED", "reset"): ("PENDING", None, {"engine"}),
        },
    ),
    "session": (
        ("IN_PROGRESS", "COMPLETED", "ABANDONED"),
        {
            ("IN_PROGRESS", "finish"): ("COMPLETED", "WORKOUT_COMPLETED", {"user"}),
            ("IN_PROGRESS", "abandon"): ("ABANDONED", "WORKOUT_ABANDONED", {"user", "engine"}),
        },
    ),
}
DESIGN_INITIAL = {"enrollment": "ACTIVE", "cycle": "PENDING", "week": "PENDING", "session": "IN_PROGRESS"}
DESIGN_FINALS = {"enrollment": {"QUIT", "COMPLETED"}, "cycle": set(), "week": set(),
                 "session": {"COMPLETED", "ABANDONED"}}
DESIGN_COLUMNS = {
    "enrollment": ("user_program_states", "enrollment_status"),
    "cycle": ("user_program_states", "cycle_status"),
    "week": ("user_program_states", "week_status"),
    "session": ("workout_sessions", "status"),
}
DESIGN_CREATION = {"enrollment": "ENROLLED", "session": "WORKOUT_STARTED"}
DESIGN_EVENTS = {
    "ENROLLED", "CYCLE_BOUNDARY_REACHED", "PROGRAM_COMPLETED", "QUIT", "CYCLE_STARTED", "CYCLE_COMPLETED",
    "WEEK_STARTED", "WEEK_COMPLETED", "WORKOUT_STARTED", "WORKOUT_COMPLETED", "WORKOUT_ABANDONED",
}  # fmt: skip

# Parametrising needs the specs at collection time; the `specs` fixture is the same load.
SPECS = load_machines(MACHINES_DIR)


def _refusals(states, triggers, allowed):
    # An undeclared trigger must be refused too: a StateChart would silently ignore it.
    return [(s, t) for s in states for t in (*triggers, "no_such_trigger") if (s, t) not in allowed]


DESIGN_ALLOWED = [(m, s, t, *row) for m, (_, table) in DESIGN.items() for (s, t), row in table.items()]
DESIGN_REFUSED = [
    (m, s, t)
    for m, (states, table) in DESIGN.items()
    for s, t in _refusals(states, sorted({t for _, t in table}), table)
]
SPEC_ALLOWED = [
    pytest.param(spec, t, id=f"{spec.name}:{t.source}-{t.trigger}") for spec in SPECS.values() for t in spec.transitions
]
SPEC_REFUSED = [
    pytest.param(spec, s, t, id=f"{spec.name}:{s}-{t}")
    for spec in SPECS.values()
    for s, t in _refusals(spec.states, spec.triggers, {(t.source, t.trigger) for t in spec.transitions})
]


def _row(spec: MachineSpec, state: str) -> SimpleNamespace:
    return SimpleNamespace(**{spec.column: state})


def test_the_four_machines_have_the_designed_shape(specs):
    assert list(specs) == list(DESIGN)
    for name, spec in specs.items():
        assert spec.states == DESIGN[name][0]
        assert spec.initial == DESIGN_INITIAL[name]
        assert spec.finals == DESIGN_FINALS[name]
        assert (spec.table, spec.column) == DESIGN_COLUMNS[name]
        assert (spec.creation.emits if spec.creation else None) == DESIGN_CREATION.get(name)
        assert {(t.source, t.trigger): (t.target, t.emits, set(t.actors)) for t in spec.transitions} == DESIGN[name][1]


def test_the_machines_emit_exactly_the_designed_events(specs):
    assert set().union(*(spec.events for spec in specs.values())) == DESIGN_EVENTS
    assert set(MachineEvent) == DESIGN_EVENTS


def test_every_trigger_the_engine_fires_is_declared(specs):
    assert {name: set(spec.triggers) for name, spec in specs.items()} == ENGINE_TRIGGERS


def test_the_session_goes_stale_after_four_hours(specs):
    assert specs["session"].stale_after == timedelta(hours=4)
    assert all(spec.stale_after is None for name, spec in specs.items() if name != "session")


@pytest.mark.parametrize(("machine", "source", "trigger", "target", "event", "actors"), DESIGN_ALLOWED)
def test_designed_transition_fires(specs, machine, source, trigger, target, event, actors):
    row = _row(specs[machine], source)
    fired = fire(specs[machine], row, trigger)
    assert (fired.from_state, fired.to_state, fired.trigger, fired.event) == (source, target, trigger, event)
    assert getattr(row, specs[machine].column) == target


@pytest.mark.parametrize(("machine", "state", "trigger"), DESIGN_REFUSED)
def test_transition_the_design_lacks_is_refused(specs, machine, state, trigger):
    row = _row(specs[machine], state)
    with pytest.raises(InvalidTransition):
        fire(specs[machine], row, trigger)
    assert getattr(row, specs[machine].column) == state


@pytest.mark.parametrize(("spec", "transition"), SPEC_ALLOWED)
def test_spec_transition_fires(spec, transition):
    row = _row(spec, transition.source)
    assert transition.trigger in allowed_triggers(spec, transition.source)
    fired = fire(spec, row, transition.trigger)
    assert (fired.machine, fired.to_state, fired.event) == (spec.name, transition.target, transition.emits)
    assert getattr(row, spec.column) == transition.target


@pytest.mark.parametrize(("spec", "state", "trigger"), SPEC_REFUSED)
def test_spec_refusal_names_machine_state_and_allowed_triggers(spec, state, trigger):
    with pytest.raises(InvalidTransition) as caught:
        fire(spec, _row(spec, state), trigger)
    error = caught.value
    assert isinstance(error, DomainError)
    assert (error.code, error.machine, error.state, error.trigger) == ("invalid_transition", spec.name, state, trigger)
    assert error.allowed == allowed_triggers(spec, state)
    assert error.extensions == {
        "machine": spec.name,
        "current_state": state,
        "trigger": trigger,
        "allowed_triggers": error.allowed,
    }
    assert state in error.detail and repr(trigger) in error.detail
    assert all(t in error.detail for t in error.allowed)


def test_refusal_in_a_final_state_says_nothing_more_can_happen(specs):
    with pytest.raises(InvalidTransition, match="nothing more can happen") as caught:
        fire(specs["session"], SimpleNamespace(status="ABANDONED"), "finish")
    assert caught.value.allowed == []


def test_allowed_triggers_follow_the_yaml_order_and_filter_by_actor(specs):
    assert allowed_triggers(specs["enrollment"], "ACTIVE") == ["complete_cycle", "complete_program", "quit"]
    assert allowed_triggers(specs["enrollment"], "ACTIVE", actor="user") == ["quit"]
    assert allowed_triggers(specs["week"], "IN_PROGRESS", actor="user") == ["complete"]
    assert allowed_triggers(specs["cycle"], "IN_PROGRESS", actor="user") == []
    assert allowed_triggers(specs["session"], "COMPLETED") == []
    with pytest.raises(ValueError, match="not a state of the week machine"):
        allowed_triggers(specs["week"], "QUIT")
