"""The hot queries use indexes on both engines (EXPLAIN), so their cost does not grow with
the number of users, sets or log rows."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import event

from engine import queries
from engine.commands import FinishWorkout, StartWorkout
from engine.db import driver_cursor, progressions, repository
from engine.programs.estimates import load_estimates
from engine.queries.record_bests import read as read_bests
from tests.engine.support import log_all


def hot_queries(services, user_id: str, enrollment_id: str) -> list[tuple[str, object]]:
    """The statements the read side and the hot commands run, with their parameters."""
    workout = services.handle(StartWorkout(user_id)).result
    log_all(services, user_id, workout)
    services.handle(FinishWorkout(user_id, workout))
    captured: list[tuple[str, object]] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        captured.append((statement, parameters))

    event.listen(services.db, "before_cursor_execute", keep)
    try:
        with services.uow() as uow:
            session = uow.session
            repository.live_enrollment(session, user_id, lock=True)
            repository.in_progress_session(session, enrollment_id)
            repository.workout(session, workout)
            logged = repository.sets_of_workout(session, workout)
            done = next(s for s in logged if not s.warmup)  # a start's record bests (a CTE)
            read_bests(session, user_id, workout, {done.lift_slug, "bench-press"}, load_estimates(), done.id)
            repository.workout_for_command(session, workout)
            repository.completed_workouts(session, enrollment_id, 1, 1)
            progressions.slots_to_change(session, enrollment_id, workout)  # by the workout, as a finish reads them
            repository.progression_states(session, enrollment_id)
            repository.applied_progression_keys(session, [f"{enrollment_id}:add-weight:squat:x"])
            repository.slots_changed_on_failure(session, user_id, enrollment_id, datetime(2026, 1, 1))
        reads = services.reads()  # the hot reads' one statement each, the token joined in
        queries.stored.signed_in_enrollment(reads, "some-token", user_id)
        queries.stored.signed_in_current_workout(reads, "some-token", user_id)
        queries.stored.signed_in_workout(reads, "some-token", workout)
        reads.close()
        queries.list_workouts(services.uow(), user_id, None, 20, 0)
        queries.events(services.uow(), user_id, None, 20, 0)
        queries.progression_logs(services.uow(), user_id, 20, 0)
    finally:
        event.remove(services.db, "before_cursor_execute", keep)
    return [(s, p) for s, p in captured if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_hot_queries_use_indexes(services, user_id, enrolled):
    selects = hot_queries(services, user_id, enrolled)
    assert len(selects) >= 18 and any(s.lstrip().upper().startswith("WITH") for s, _ in selects)
    with services.db.connect() as conn:
        if services.db.dialect.name == "sqlite":
            for statement, params in selects:
                plan = " | ".join(row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params))
                assert not re.search(
                    r"\bSCAN (auth_tokens|users|user_program_states|workout_sessions|logged_sets|"
                    r"transition_log|progression_logs|progression_states)\b(?! USING)",
                    plan,
                ), (statement, plan)
        else:
            # Tiny test tables make a sequential scan cheapest; forbidding it shows an index can serve.
            conn.exec_driver_sql("SET enable_seqscan = off")
            for statement, params in selects:
                plan = "\n".join(row[0] for row in _explained(conn, statement, params))
                assert "Seq Scan" not in plan, (statement, plan)


def _explained(conn, statement: str, params) -> list:
    """PostgreSQL's plan rows of a statement as it was sent: by the ORM (named placeholders), or
    on the driver's cursor (``$1`` placeholders, engine/db/driver_statements.py)."""
    if isinstance(params, dict):
        return list(conn.exec_driver_sql("EXPLAIN " + statement, params))
    cursor = driver_cursor.cursor_of(conn.dialect, conn.connection)
    cursor.execute("EXPLAIN " + statement, params)
    return cursor.fetchall()
