"""The table a transition is looked up in (engine.machines.moves) against python-statemachine.

``fire`` looks transitions up in a table derived from each chart; ``fire_by_chart`` drives an
instance of the chart, as every transition did before. Both are run here on every machine,
from every state (and from none, a new row), with every trigger any machine knows and one no
machine does, on plain objects and on the engine's own rows: the same Fired, the same errors,
the same state and transition count left on the row.
"""

from __future__ import annotations

import dataclasses
from itertools import product
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import inspect
from statemachine import State, StateChart

from engine.db.models import UserProgramState, WorkoutSession
from engine.machines import InvalidTransition, MachineSpec, allowed_triggers, bind, create, fire
from engine.machines.binding import fire_by_chart, seq_attribute
from engine.machines.loading import strict_chart

ROWS = {"user_program_states": UserProgramState, "workout_sessions": WorkoutSession}


def _outcome(firing: Any, spec: MachineSpec, row: object, trigger: str) -> tuple[Any, ...]:
    try:
        result: Any = firing(spec, row, trigger)
    except InvalidTransition as exc:
        result = (type(exc), str(exc), exc.code, exc.extensions, (exc.machine, exc.state, exc.trigger, exc.allowed))
    except ValueError as exc:
        result = (type(exc), str(exc).replace(repr(row), "<row>"))
    left = (getattr(row, spec.column, None), getattr(row, seq_attribute(spec), None))
    if isinstance(row, (UserProgramState, WorkoutSession)):
        history = inspect(row).attrs[spec.column].history
        left += (list(history.added), list(history.deleted))
    return result, left


def _rows(spec: MachineSpec, state: str | None) -> list[tuple[object, object]]:
    """Pairs of like rows in ``state`` (None: new, and without the attribute at all)."""
    values = {spec.column: state, seq_attribute(spec): 4} if state is not None else {}
    pairs = [(SimpleNamespace(**values), SimpleNamespace(**values))]
    if state is not None:
        pairs.append((SimpleNamespace(**{spec.column: None}), SimpleNamespace(**{spec.column: None})))
    row = ROWS[spec.table]
    pairs.append((row(**values), row(**values)))
    return pairs


def _triggers(specs: dict[str, MachineSpec]) -> list[str]:
    known = {t for spec in specs.values() for t in spec.triggers}
    known |= {spec.creation.trigger for spec in specs.values() if spec.creation}
    return sorted(known) + ["no_such_trigger"]


def test_every_machine_of_the_engine_is_a_table_and_its_rows_have_no_callbacks(specs):
    for spec in specs.values():
        assert spec.moves is not None, spec.name
        assert set(spec.moves.taken) == {(t.source, t.trigger) for t in spec.transitions}
        assert not spec.moves.calls_back(ROWS[spec.table]())
        assert not spec.moves.calls_back(SimpleNamespace(**{spec.column: spec.initial}))


def test_the_table_fires_as_the_chart_does_from_every_state_with_every_trigger(specs):
    compared = 0
    for spec in specs.values():
        for state, trigger in product((None, *spec.states, "NOT_A_STATE"), _triggers(specs)):
            for by_table, by_chart in _rows(spec, state):
                assert _outcome(fire, spec, by_table, trigger) == _outcome(fire_by_chart, spec, by_chart, trigger), (
                    spec.name, state, trigger, type(by_table).__name__)
                compared += 1
    assert compared > 200


def test_allowed_triggers_are_the_charts_allowed_events(specs):
    for spec in specs.values():
        for state in spec.states:
            machine = bind(spec, SimpleNamespace(**{spec.column: state}))
            assert allowed_triggers(spec, state) == [event.id for event in machine.allowed_events]
            for actor in ("user", "engine", "nobody"):
                assert allowed_triggers(spec, state, actor) == [
                    t.trigger for t in spec.transitions if t.source == state and actor in t.actors]
        with pytest.raises(ValueError, match="not a state of"):
            allowed_triggers(spec, "NOT_A_STATE")


def test_creation_writes_what_the_chart_enters(specs):
    for spec in (spec for spec in specs.values() if spec.creation):
        row, entered = ROWS[spec.table](), ROWS[spec.table]()
        create(spec, row)
        bind(spec, entered)
        assert getattr(row, spec.column) == getattr(entered, spec.column) == spec.initial


@pytest.mark.parametrize("where", ["instance", "class"])
def test_a_model_declaring_a_callback_is_fired_by_the_chart(specs, where):
    spec = specs["session"]
    assert {"on_enter_state", "on_enter_COMPLETED", "before_finish", "after_transition",
            "prepare_event"} <= spec.moves.callbacks
    called = set()
    for name in sorted(spec.moves.callbacks):
        calls: dict[str, list[str]] = {"table": [], "chart": []}
        for way, firing in (("table", fire), ("chart", fire_by_chart)):
            def callback(way: str = way, calls: dict[str, list[str]] = calls) -> dict[str, Any]:
                calls[way].append(way)
                return {}  # what a prepare callback returns: arguments for the others

            if where == "instance":
                row: object = SimpleNamespace(status="IN_PROGRESS", **{name: callback})
            else:
                row = type("Row", (), {name: staticmethod(callback), "status": "IN_PROGRESS"})()
            assert spec.moves.calls_back(row)
            firing(spec, row, "finish")
        assert len(calls["table"]) == len(calls["chart"]), name
        called |= {name} if calls["table"] else set()
    assert {"on_enter_COMPLETED", "before_finish", "on_exit_IN_PROGRESS", "after_transition"} <= called


class _Guarded(StateChart):
    IN_PROGRESS = State(initial=True)
    COMPLETED = State(final=True)
    ABANDONED = State(final=True)
    finish = IN_PROGRESS.to(COMPLETED, cond="ready")
    abandon = IN_PROGRESS.to(ABANDONED, unless="ready")


class _Acting(StateChart):
    IN_PROGRESS = State(initial=True)
    COMPLETED = State(final=True)
    ABANDONED = State(final=True)
    finish = IN_PROGRESS.to(COMPLETED, on="tell")
    abandon = IN_PROGRESS.to(ABANDONED)


@pytest.mark.parametrize("ready", [True, False])
def test_a_guarded_chart_is_no_table_and_its_guards_decide(specs, ready):
    spec = dataclasses.replace(specs["session"], chart=strict_chart(_Guarded))
    assert spec.moves is None
    row = SimpleNamespace(status="IN_PROGRESS", ready=ready)
    allowed, refused = ("finish", "abandon") if ready else ("abandon", "finish")
    with pytest.raises(InvalidTransition):
        fire(spec, SimpleNamespace(status="IN_PROGRESS", ready=ready), refused)
    assert fire(spec, row, allowed).to_state == ("COMPLETED" if ready else "ABANDONED")


def test_a_chart_with_actions_of_its_own_is_no_table(specs):
    told = []
    spec = dataclasses.replace(specs["session"], chart=strict_chart(_Acting))
    assert spec.moves is None
    assert fire(spec, SimpleNamespace(status="IN_PROGRESS", tell=lambda: told.append(1)), "finish").event == (
        "WORKOUT_COMPLETED")
    assert told == [1]
