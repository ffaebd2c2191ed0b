"""The cascade the machine YAML declares does what the engine always did, for every shipped
program: each program is driven through a whole cycle (and into the next) by the service, and
what happened is compared with a plain, separate computation of what should.

The reference below reads only the program's schedule (how many days each week has) and
spells out the design's rules with loops and ifs: the first workout starts the cycle and
each week; finishing a week's last day completes the week, and the next week starts PENDING
at day 0; the last week's completion completes the cycle and the enrollment waits
BETWEEN_CYCLES; next-cycle resets both and moves to cycle 2, week 1, day 0. A program that ends
(``after_cycle: end``) is COMPLETED instead: history, so the lifter may enroll again.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from engine import accounts, lift_catalog
from engine.commands import Enroll, FinishWorkout, InputValue, NextCycle, StartWorkout
from engine.config import PROJECT_ROOT
from engine.db.models import TransitionLogEntry, UserProgramState
from engine.errors import NotEnrolled
from engine.programs import Weight

PROGRAMS = sorted(path.stem for path in (PROJECT_ROOT / "specs" / "programs").glob("*.yaml"))
LEVELS = ("enrollment", "cycle", "week")


def expected_run(days_per_week: list[int], repeats: bool) -> tuple[list[list[str]], dict[str, list[tuple]]]:
    """Events of each command, and each level's log (trigger, from, to, event, position)."""
    events: list[list[str]] = [["ENROLLED"]]
    log: dict[str, list[tuple]] = {level: [] for level in LEVELS}
    log["enrollment"].append(("enroll", None, "ACTIVE", "ENROLLED", (None, None, None)))  # carries the program
    last_week = len(days_per_week)
    for week, days in enumerate(days_per_week, start=1):
        for day in range(days):
            started = ["WORKOUT_STARTED"]
            if week == 1 and day == 0:
                started.append("CYCLE_STARTED")
                log["cycle"].append(("start", "PENDING", "IN_PROGRESS", "CYCLE_STARTED", (1, 1, 0)))
            if day == 0:
                started.append("WEEK_STARTED")
                log["week"].append(("start", "PENDING", "IN_PROGRESS", "WEEK_STARTED", (1, week, 0)))
            finished = ["WORKOUT_COMPLETED"]
            if day == days - 1:
                # The day has moved past the last one when the week completes.
                end = (1, week, days)
                finished.append("WEEK_COMPLETED")
                log["week"].append(("complete", "IN_PROGRESS", "COMPLETED", "WEEK_COMPLETED", end))
                if week < last_week:
                    log["week"].append(("reset", "COMPLETED", "PENDING", None, end))
                else:
                    finished.append("CYCLE_COMPLETED")
                    log["cycle"].append(("complete", "IN_PROGRESS", "COMPLETED", "CYCLE_COMPLETED", end))
                    if repeats:
                        finished.append("CYCLE_BOUNDARY_REACHED")
                        log["enrollment"].append(("complete_cycle", "ACTIVE", "BETWEEN_CYCLES",
                                                  "CYCLE_BOUNDARY_REACHED", end))
                    else:
                        finished.append("PROGRAM_COMPLETED")
                        log["enrollment"].append(("complete_program", "ACTIVE", "COMPLETED", "PROGRAM_COMPLETED", end))
            events += [started, finished]
    end = (1, last_week, days_per_week[-1])
    if not repeats:
        return events, log
    events += [[], ["WORKOUT_STARTED", "CYCLE_STARTED", "WEEK_STARTED"]]
    log["enrollment"].append(("next_cycle", "BETWEEN_CYCLES", "ACTIVE", None, end))
    log["cycle"] += [("reset", "COMPLETED", "PENDING", None, end),
                     ("start", "PENDING", "IN_PROGRESS", "CYCLE_STARTED", (2, 1, 0))]
    log["week"] += [("reset", "COMPLETED", "PENDING", None, end),
                    ("start", "PENDING", "IN_PROGRESS", "WEEK_STARTED", (2, 1, 0))]
    return events, log


@pytest.fixture
def every_program(loaded_services, db_engine, monkeypatch):
    """The real specs, with their lifts and program versions in the emptied database."""
    monkeypatch.setenv(accounts.FAST_HASHING_ENV, "1")
    catalog = loaded_services.catalog
    lift_catalog.sync_lifts(loaded_services.uow(), ((lift.slug, lift.name) for lift in catalog.lifts.values()))
    catalog.sync(loaded_services.uow())
    return loaded_services


@pytest.mark.parametrize("slug", PROGRAMS)
def test_the_declared_cascade_walks_a_whole_cycle_as_the_reference_does(every_program, slug):
    services = every_program
    program = services.catalog.current(slug).program
    user_id = accounts.register(services.uow(), f"{slug}@example.com", "correct horse",
                                token_lifetime_seconds=60).account.id
    inputs = tuple(InputValue(spec.id, Weight.of(100, "lb")) for spec in program.inputs.values())
    outcomes = [services.handle(Enroll(user_id, slug, inputs))]
    enrollment_id = outcomes[0].result
    for _ in range(sum(len(week.days) for week in program.schedule.weeks)):
        started = services.handle(StartWorkout(user_id))
        outcomes += [started, services.handle(FinishWorkout(user_id, started.result))]
    days = [len(week.days) for week in program.schedule.weeks]
    if program.repeats:
        outcomes += [services.handle(NextCycle(user_id)), services.handle(StartWorkout(user_id))]
    else:
        with pytest.raises(NotEnrolled):  # COMPLETED is history: nothing to start a cycle of
            services.handle(NextCycle(user_id))

    events, log = expected_run(days, program.repeats)
    assert [[e.name for e in outcome.events] for outcome in outcomes] == events
    assert _levels_log(services, enrollment_id) == log
    if program.repeats:
        assert _position(services, enrollment_id) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 2, 1, 0)
    else:
        assert _position(services, enrollment_id) == ("COMPLETED", "COMPLETED", "COMPLETED", 1, len(days), days[-1])
        again = services.handle(Enroll(user_id, slug, inputs)).result  # the available action: enroll again
        assert again != enrollment_id
        assert _position(services, again)[0] == "ACTIVE"


def _levels_log(services, enrollment_id: str) -> dict[str, list[tuple]]:
    with services.uow() as uow:
        rows = uow.session.scalars(select(TransitionLogEntry).where(TransitionLogEntry.entity_id == enrollment_id)
                                   .order_by(TransitionLogEntry.seq)).all()
        return {
            level: [(r.transition, r.from_state, r.to_state, r.event,
                     (r.payload.get("cycle_iteration"), r.payload.get("week"), r.payload.get("day_index")))
                    for r in rows if r.machine == level]
            for level in LEVELS
        }


def _position(services, enrollment_id: str) -> tuple:
    with services.uow() as uow:
        row = uow.session.get(UserProgramState, enrollment_id)
        return (row.enrollment_status, row.cycle_status, row.week_status,
                row.current_cycle_iteration, row.current_week, row.current_day_index)
