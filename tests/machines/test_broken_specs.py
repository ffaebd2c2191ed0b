"""Broken machine files: every mistake is reported at once, at its file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from statemachine.exceptions import InvalidDefinition

import engine.machines.loading
from engine.machines import load_machines
from engine.spec_files import SpecErrors

from .support import line_of

# (edited machine, [(old, new), ...], [(machine whose file is reported or None for the
# directory, text on the reported line or None, field, part of the message), ...])
CASES = {
    "yaml syntax": (
        "enrollment",
        [("  QUIT:\n    final: true\n", "  QUIT:\n    final: true: yes\n")],
        [("enrollment", "final: true: yes", "", "invalid YAML: mapping values are not allowed here")],
    ),
    "library schema": (
        "enrollment",
        [("  QUIT:\n    final: true", "  QUIT:\n    final: maybe")],
        [("enrollment", "final: maybe", "states.QUIT.final", "'maybe'")],
    ),
    "guard outside the engine's profile": (
        "enrollment",
        [("{event: next_cycle, target: ACTIVE}", "{event: next_cycle, target: ACTIVE, cond: ready}")],
        [("enrollment", "cond: ready", "states.BETWEEN_CYCLES.transitions[0].cond", "unknown field")],
    ),
    "state not spelt as stored": (
        "cycle",
        [("  PENDING:\n", "  Pending:\n")],
        [("cycle", "states:", "states", "'Pending' does not match")],
    ),
    "sidecar: unknown actor": (
        "session",
        [("finish: {actors: [user]", "finish: {actors: [admin]")],
        [("session", "finish: {actors", "powerpro.transitions.finish.actors[0]", "'admin' is not one of")],
    ),
    "sidecar: emits left out": (
        "cycle",
        [("reset: {actors: [engine], emits: null}", "reset: {actors: [engine]}")],
        [("cycle", "reset: {actors", "powerpro.transitions.reset", "'emits' is a required property")],
    ),
    "sidecar: unknown key": (
        "week",
        [("  binds:", "  colour: red\n  binds:")],
        [("week", "colour: red", "powerpro.colour", "unknown field")],
    ),
    "sidecar: duplicate key": (
        "cycle",
        [("    start: {actors", "    start: {actors: [user], emits: CYCLE_STARTED}\n    start: {actors")],
        [("cycle", "start: {actors: [engine]", "powerpro.transitions.start", "duplicate key")],
    ),
    "unreachable state": (
        "enrollment",
        [("  QUIT:\n", "  ORPHAN:\n    transitions:\n      - {event: quit, target: QUIT}\n  QUIT:\n")],
        [("enrollment", "ORPHAN:", "states.ORPHAN", "unreachable from the initial state ACTIVE")],
    ),
    "dead end": (
        "cycle",
        [("  COMPLETED:\n    transitions:\n      - {event: reset, target: PENDING}\n", "  COMPLETED: {}\n")],
        [
            ("cycle", "COMPLETED: {}", "states.COMPLETED", "dead end"),
            ("cycle", "reset: {actors", "powerpro.transitions.reset", "no transition has this trigger"),
            ("cycle", "states:", "states", "the engine fires 'reset' on the cycle machine"),
        ],
    ),
    "a self-loop is no way out": (
        "week",
        [("{event: reset, target: PENDING}", "{event: reset, target: COMPLETED}")],
        [("week", "  COMPLETED:", "states.COMPLETED", "dead end")],
    ),
    "a reaction to an event nobody emits": (
        "enrollment",
        [("{on: CYCLE_COMPLETED, fire: complete_cycle,", "{on: CYCLE_DONE, fire: complete_cycle,")],
        [("enrollment", "on: CYCLE_DONE", "powerpro.reactions[0].on", "no machine emits CYCLE_DONE")],
    ),
    "a reaction firing a trigger the machine lacks": (
        "cycle",
        [("{on: WORKOUT_STARTED, fire: start}", "{on: WORKOUT_STARTED, fire: begin}")],
        [("cycle", "fire: begin", "powerpro.reactions[0].fire", "'begin' is not a trigger of the cycle machine")],
    ),
    "a reaction firing a trigger only the user may fire": (
        "enrollment",
        [("complete_cycle: {actors: [engine]", "complete_cycle: {actors: [user]")],
        [("enrollment", "{on: CYCLE_COMPLETED, fire: complete_cycle", "powerpro.reactions[0].fire",
          "add engine to the actors")],
    ),
    "a reaction under an unknown guard": (
        "cycle",
        [("cond: last_week_of_cycle}", "cond: last_week_of_cycle and full_moon}")],
        [("cycle", "full_moon", "powerpro.reactions[1].cond", "unknown guard 'full_moon'; the guards are")],
    ),
    "a guard that is no expression": (
        "week",
        [("unless: last_week_of_cycle,", "unless: 'last_week_of_cycle and',")],
        [("week", "unless: 'last_week", "powerpro.reactions[3].unless", "is not a guard expression")],
    ),
    "a reaction with an unknown move": (
        "week",
        [("move: day_after}", "move: tomorrow}")],
        [("week", "move: tomorrow", "powerpro.reactions[1].move", "unknown move 'tomorrow'; the moves are")],
    ),
    "a reaction that neither fires nor moves": (
        "enrollment",
        [("{on: CYCLE_COMPLETED, fire: complete_cycle, cond: program_repeats}",
          "{on: CYCLE_COMPLETED, cond: program_repeats}")],
        [("enrollment", "{on: CYCLE_COMPLETED, cond:", "powerpro.reactions[0]", "is not valid under any of the given")],
    ),
    "a reaction on a machine outside the enrollment row": (
        "session",
        [("  stale_after: PT4H\n", "  stale_after: PT4H\n  reactions: [{on: WEEK_STARTED, fire: abandon}]\n")],
        [("session", "reactions: [", "powerpro.reactions[0]", "the session machine binds workout_sessions")],
    ),
    "a state the engine's code names is gone": (
        "session",
        [("{event: finish, target: COMPLETED}", "{event: finish, target: DONE}"), ("  COMPLETED:\n", "  DONE:\n")],
        [("session", "states:", "states", "the engine's code names the session state COMPLETED")],
    ),
    "unknown target": (
        "session",
        [("{event: abandon, target: ABANDONED}", "{event: abandon, target: ABANDON}")],
        [
            ("session", "target: ABANDON}", "states.IN_PROGRESS.transitions[1].target", "unknown state 'ABANDON'"),
            ("session", "  ABANDONED:", "states.ABANDONED", "unreachable"),
        ],
    ),
    "one trigger, two targets": (
        "session",
        [("{event: abandon, target: ABANDONED}", "{event: finish, target: ABANDONED}")],
        [
            ("session", "event: finish, target: ABANDONED", "states.IN_PROGRESS.transitions[1].event", "already"),
            ("session", "abandon: {actors", "powerpro.transitions.abandon", "no transition has this trigger"),
            ("session", "states:", "states", "the engine fires 'abandon'"),
        ],
    ),
    "trigger shadowing the library": (
        "session",
        [("finish: {actors", "send: {actors"), ("{event: finish,", "{event: send,")],
        [
            ("session", "{event: send,", "states.IN_PROGRESS.transitions[0].event", "python-statemachine attribute"),
            ("session", "states:", "states", "the engine fires 'finish'"),
        ],
    ),
    "two initial states": (
        "cycle",
        [("  IN_PROGRESS:\n", "  IN_PROGRESS:\n    initial: true  # second\n")],
        [("cycle", "# second", "states.IN_PROGRESS.initial", "PENDING is already the initial state")],
    ),
    "final state with transitions": (
        "session",
        [("  ABANDONED:\n", "    transitions:  # x\n      - {event: abandon, target: ABANDONED}\n  ABANDONED:\n")],
        [("session", "# x", "states.COMPLETED.transitions", "a final state has no transitions")],
    ),
    "no such table": (
        "week",
        [("table: user_program_states", "table: user_program_state")],
        [("week", "binds:", "powerpro.binds.table", "no table 'user_program_state'")],
    ),
    "no such column": (
        "week",
        [("column: week_status", "column: week_state")],
        [("week", "binds:", "powerpro.binds.column", "user_program_states has no column 'week_state'")],
    ),
    "column defaulting to another state": (
        "week",
        [("column: week_status", "column: enrollment_status")],
        [("week", "binds:", "powerpro.binds.column", "defaults to 'ACTIVE', not the initial state 'PENDING'")],
    ),
    "state too long for its column": (
        "session",
        [("target: ABANDONED}", "target: ABANDONED_WHEN_STALE}"), ("  ABANDONED:\n", "  ABANDONED_WHEN_STALE:\n")],
        [("session", "  ABANDONED_WHEN_STALE:", "states.ABANDONED_WHEN_STALE", "(16 characters)")],
    ),
    "session without a timeout": (
        "session",
        [("  stale_after: PT4H\n", "")],
        [("session", "powerpro:", "powerpro", "declare stale_after")],
    ),
    "timeout that is no duration": (
        "session",
        [("PT4H", "4 hours")],
        [("session", "stale_after:", "powerpro.stale_after", "'4 hours' is not an ISO 8601 duration")],
    ),
    "timeout nothing reads": (
        "week",
        [("  binds:", "  stale_after: PT1H\n  binds:")],
        [("week", "stale_after:", "powerpro.stale_after", "the engine never times out a week")],
    ),
    "an event the engine's handlers subscribe to that nobody emits": (
        "cycle",
        [("complete: {actors: [engine], emits: CYCLE_COMPLETED}", "complete: {actors: [engine], emits: null}")],
        [
            (None, None, "", "no machine emits CYCLE_COMPLETED, which the engine's handlers subscribe to"),
            ("enrollment", "fire: complete_cycle", "powerpro.reactions[0].on", "no machine emits CYCLE_COMPLETED"),
            ("enrollment", "fire: complete_program", "powerpro.reactions[1].on", "no machine emits CYCLE_COMPLETED"),
        ],
    ),
    "an event emitted twice": (
        "cycle",
        [("reset: {actors: [engine], emits: null}", "reset: {actors: [engine], emits: WEEK_STARTED}")],
        [("week", "emits: WEEK_STARTED", "powerpro.transitions.start.emits", "already emitted by cycle.reset")],
    ),
}


def _located(machines_dir: Path, machine: str | None, needle: str | None) -> tuple[str, int | None]:
    if machine is None:
        return str(machines_dir), None
    path = machines_dir / f"{machine}.yaml"
    return str(path), line_of(path, needle) if needle else None


@pytest.mark.parametrize(("machine", "edits", "expected"), CASES.values(), ids=CASES.keys())
def test_broken_spec_reports_each_error_at_its_line_and_field(machines_dir, edit, machine, edits, expected):
    for old, new in edits:
        edit(machine, old, new)
    with pytest.raises(SpecErrors) as caught:
        load_machines(machines_dir)
    errors = caught.value.errors
    wanted = sorted((*_located(machines_dir, m, needle), field) for m, needle, field, _ in expected)
    assert sorted((e.file, e.line, e.field) for e in errors) == wanted
    for (file, line, field), message in [((*_located(machines_dir, m, n), f), msg) for m, n, f, msg in expected]:
        assert any(e.file == file and e.line == line and e.field == field and message in e.message for e in errors)


def test_errors_of_every_file_are_reported_together(machines_dir, edit):
    edit("enrollment", "  QUIT:\n    final: true\n", "  QUIT:\n    final: true: yes\n")
    edit("cycle", "reset: {actors: [engine], emits: null}", "reset: {actors: [engine]}")
    edit("session", "{event: abandon, target: ABANDONED}", "{event: abandon, target: ABANDON}")
    with pytest.raises(SpecErrors) as caught:
        load_machines(machines_dir)
    assert {Path(e.file).stem for e in caught.value.errors} == {"enrollment", "cycle", "session"}
    assert len(caught.value.errors) == 4
    # One line each, but a YAML syntax error also quotes its line with a caret under the column.
    assert str(caught.value).splitlines() == [line for e in caught.value.errors for line in str(e).splitlines()]
    assert sum(bool(e.excerpt) for e in caught.value.errors) == 1


def test_a_missing_and_an_unknown_machine_file(machines_dir):
    (machines_dir / "week.yaml").rename(machines_dir / "weeks.yaml")
    with pytest.raises(SpecErrors) as caught:
        load_machines(machines_dir)
    assert [(Path(e.file).name, e.line, e.message) for e in caught.value.errors] == [
        ("week.yaml", None, "missing: the engine needs the week machine"),
        ("weeks.yaml", None, "not a machine the engine knows (enrollment, cycle, week, session)"),
    ]


def test_a_definition_the_library_refuses_is_a_located_error(machines_dir, monkeypatch):
    def refuse(*args, **kwargs):
        raise InvalidDefinition("no thanks")

    monkeypatch.setattr(engine.machines.loading, "load", refuse)
    with pytest.raises(SpecErrors) as caught:
        load_machines(machines_dir)
    # The document's own line: where its first key is.
    assert [(e.file, e.line, e.message) for e in caught.value.errors] == [
        (str(path), line_of(path, "description:"), "python-statemachine refused it: no thanks")
        for path in sorted(machines_dir.glob("*.yaml"))
    ]
