"""The cascade's vocabulary: guards in python-statemachine's cond dialect, moves, and the docs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from engine.config import PROJECT_ROOT
from engine.events import Event
from engine.machines import SUBSCRIBED_EVENTS, Machine, load_machines
from engine.machines.cascade import GUARDS, MOVES, Occasion, compile_guard, parse
from engine.service import EVENT_HANDLERS

# Three weeks of two days each.
PROGRAM = SimpleNamespace(weeks_per_cycle=3, days_in_week=lambda week: 2)


def occasion(week: int, day: int, *, row=(1, 1, 0), cycle: int = 1) -> Occasion:
    enrollment = SimpleNamespace(current_cycle_iteration=row[0], current_week=row[1], current_day_index=row[2])
    event = Event("WORKOUT_COMPLETED", "u1", "e1", "x:1", {"cycle_iteration": cycle, "week": week, "day_index": day})
    return Occasion(event, enrollment, PROGRAM)


@pytest.mark.parametrize(("cond", "unless", "at", "expected"), [
    ("last_day_of_week", None, (1, 1), True),
    ("last_day_of_week", None, (1, 0), False),
    (None, "last_week_of_cycle", (3, 1), False),
    (None, "last_week_of_cycle", (2, 1), True),
    ("last_day_of_week and not last_week_of_cycle", None, (2, 1), True),
    ("last_day_of_week and not last_week_of_cycle", None, (3, 1), False),
    ("last_day_of_week or last_week_of_cycle", None, (3, 0), True),
    (None, None, (1, 0), True),
])
def test_guards_follow_the_library_dialect(cond, unless, at, expected):
    assert compile_guard(cond, unless)(occasion(*at)) is expected


def test_the_workout_must_be_at_the_enrollments_position():
    holds = compile_guard("workout_at_position", None)
    assert holds(occasion(2, 1, row=(1, 2, 1)))
    assert not holds(occasion(2, 0, row=(1, 2, 1)))
    assert not holds(occasion(2, 1, row=(2, 2, 1)))  # the same day of another cycle
    assert holds(occasion(1, 0, row=(1, 1, None)))  # a NULL day (before the machines) is day 0


def test_moves_walk_the_position():
    row = SimpleNamespace(current_cycle_iteration=1, current_week=2, current_day_index=1)
    MOVES["day_after"](row)
    assert (row.current_week, row.current_day_index) == (2, 2)
    MOVES["week_after"](row)
    assert (row.current_week, row.current_day_index) == (3, 0)


@pytest.mark.parametrize(("expression", "message"), [
    ("full_moon", "unknown guard 'full_moon'; the guards are workout_at_position, last_day_of_week"),
    ("last_day_of_week and", "is not a guard expression"),
    ("last_day_of_week.__class__", "is not a guard expression"),
])
def test_a_bad_guard_is_refused_with_what_is_wrong(expression, message):
    with pytest.raises(ValueError, match=message):
        parse(expression)


def test_every_guard_and_move_is_documented():
    text = (PROJECT_ROOT / "docs" / "machines.md").read_text(encoding="utf-8")
    assert [name for name in (*GUARDS, *MOVES) if f"`{name}`" not in text] == []


def test_the_subscribed_events_are_the_machine_events_the_handlers_subscribe_to():
    machine_events = {name for name, _handler in EVENT_HANDLERS if name != "SET_LOGGED"}
    assert machine_events == SUBSCRIBED_EVENTS


def test_the_reactions_of_the_committed_machines(specs):
    reactions = {name: [(r.on, r.trigger, r.cond, r.unless, r.move) for r in spec.reactions]
                 for name, spec in specs.items()}
    assert reactions == {
        Machine.ENROLLMENT: [("CYCLE_COMPLETED", "complete_cycle", "program_repeats", None, None),
                             ("CYCLE_COMPLETED", "complete_program", None, "program_repeats", None)],
        Machine.CYCLE: [("WORKOUT_STARTED", "start", None, None, None),
                        ("WEEK_COMPLETED", "complete", "last_week_of_cycle", None, None)],
        Machine.WEEK: [("WORKOUT_STARTED", "start", None, None, None),
                       ("WORKOUT_COMPLETED", None, "workout_at_position", None, "day_after"),
                       ("WORKOUT_COMPLETED", "complete", "workout_at_position and last_day_of_week", None, None),
                       ("WEEK_COMPLETED", "reset", None, "last_week_of_cycle", "week_after")],
        Machine.SESSION: [],
    }


def test_a_new_state_with_its_own_triggers_and_events_can_be_declared(machines_dir, edit):
    edit("session", "    abandon: {actors: [user, engine], emits: WORKOUT_ABANDONED}\n",
         "    abandon: {actors: [user, engine], emits: WORKOUT_ABANDONED}\n"
         "    pause: {actors: [user], emits: WORKOUT_PAUSED}\n    resume: {actors: [user], emits: WORKOUT_RESUMED}\n")
    edit("session", "      - {event: abandon, target: ABANDONED}\n  COMPLETED:\n",
         "      - {event: abandon, target: ABANDONED}\n      - {event: pause, target: PAUSED}\n"
         "  PAUSED:\n    transitions:\n      - {event: resume, target: IN_PROGRESS}\n"
         "      - {event: abandon, target: ABANDONED}\n  COMPLETED:\n")
    session = load_machines(machines_dir)["session"]
    assert "PAUSED" in session.states
    assert {"WORKOUT_PAUSED", "WORKOUT_RESUMED"} <= session.events
