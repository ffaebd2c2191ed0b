"""A command that loses a race is rerun whole; when the database stays busy or out of reach the
caller gets a refusal to retry (Busy, DatabaseUnavailable), never a half-written change."""

from __future__ import annotations

import sqlite3
import threading
import time

import psycopg.errors
import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.pool import NullPool

from engine import service
from engine.bootstrap import bootstrap
from engine.commands import LogSet, StartWorkout
from engine.config import Settings
from engine.db import failures, retry
from engine.db.connection import make_engine
from engine.db.models import LoggedSet, TransitionLogEntry, WorkoutSession

POSTGRES_ONLY = pytest.mark.parametrize("migrated_url", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                        indirect=True)
SQLITE_ONLY = pytest.mark.parametrize("migrated_url", ["sqlite"], indirect=True)


def conflict(backend_url: str) -> OperationalError:
    """What the driver raises when the database gave up this transaction for another's sake."""
    if backend_url.startswith("sqlite"):
        orig = sqlite3.OperationalError("database is locked")
        orig.sqlite_errorcode = 5  # SQLITE_BUSY, as sqlite3 sets it
    else:
        orig = psycopg.errors.DeadlockDetected("deadlock detected")
    return OperationalError("SELECT 1", {}, orig)


def counts(services) -> tuple[int, int]:
    with services.uow() as uow:
        return (uow.session.scalar(select(func.count()).select_from(WorkoutSession)),
                uow.session.scalar(select(func.count()).select_from(TransitionLogEntry)))


def failing_first(monkeypatch, error: Exception, failures_left: int) -> list[int]:
    """The start handler does its work, then fails ``failures_left`` times: each attempt is counted."""
    real = service.COMMAND_HANDLERS[StartWorkout]
    attempts: list[int] = []

    def start(cmd, uow, ctx):
        result = real(cmd, uow, ctx)
        uow.session.flush()  # the attempt's rows are written (uncommitted) before it fails
        attempts.append(1)
        if len(attempts) <= failures_left:
            raise error
        return result

    monkeypatch.setitem(service.COMMAND_HANDLERS, StartWorkout, start)
    return attempts


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_lost_race_is_rerun_whole_and_written_once(services, user_id, enrolled, monkeypatch, migrated_url):
    before = counts(services)
    retries_before = _sample("powerpro_database_retries_total", reason="conflict")
    attempts = failing_first(monkeypatch, conflict(migrated_url), failures_left=retry.ATTEMPTS - 1)
    outcome = services.handle(StartWorkout(user_id), answer=True)
    assert len(attempts) == retry.ATTEMPTS
    assert _sample("powerpro_database_retries_total", reason="conflict") - retries_before == retry.ATTEMPTS - 1
    assert outcome.answer["workout"]["id"] == outcome.result
    workouts, log_rows = counts(services)
    assert workouts == before[0] + 1  # one workout, however many attempts wrote one first
    assert log_rows > before[1]


def test_when_the_retries_run_out_the_caller_is_told_busy(services, user_id, enrolled, monkeypatch, migrated_url):
    before = counts(services)
    busy_before = _sample("powerpro_database_errors_total", kind="busy")
    attempts = failing_first(monkeypatch, conflict(migrated_url), failures_left=retry.ATTEMPTS)
    with pytest.raises(failures.Busy) as refused:
        services.handle(StartWorkout(user_id))
    assert len(attempts) == retry.ATTEMPTS
    assert _sample("powerpro_database_errors_total", kind="busy") - busy_before == 1
    assert refused.value.code == "busy" and refused.value.retry_after > 0
    assert counts(services) == before  # nothing of any attempt was kept


def bug(backend_url: str) -> DBAPIError:
    """What the driver raises for a statement that is wrong: no rerun can cure it."""
    if backend_url.startswith("sqlite"):
        orig = sqlite3.OperationalError("no such column: nope")
        orig.sqlite_errorcode = 1  # SQLITE_ERROR
        return OperationalError("SELECT nope", {}, orig)
    return ProgrammingError("SELECT nope", {}, psycopg.errors.UndefinedColumn('column "nope" does not exist'))


def test_bugs_are_not_retried(services, user_id, enrolled, monkeypatch, migrated_url):
    attempts = failing_first(monkeypatch, bug(migrated_url), 1)
    with pytest.raises(DBAPIError):
        services.handle(StartWorkout(user_id))
    assert len(attempts) == 1


def test_a_connection_lost_while_committing_is_not_rerun(services, user_id, enrolled, monkeypatch):
    """The change may be saved: a rerun could do it twice, so the caller is told to look first."""
    lost = OperationalError("COMMIT", {}, ConnectionError("server closed the connection"), connection_invalidated=True)
    monkeypatch.setattr("sqlalchemy.engine.Connection.commit", lambda self: (_ for _ in ()).throw(lost))
    attempts = failing_first(monkeypatch, RuntimeError("unused"), failures_left=0)
    with pytest.raises(failures.DatabaseUnavailable, match="may or may not be saved"):
        services.handle(StartWorkout(user_id))
    assert len(attempts) == 1


def test_an_unreachable_database_is_reported_as_unavailable(tiny_specs, migrated_url, tmp_path):
    url = (f"sqlite:///{tmp_path}/missing/dir/powerpro.db" if migrated_url.startswith("sqlite")
           else "postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    unreachable = bootstrap(Settings(specs_dir=tiny_specs, database_url=url), sync=False)
    try:
        with pytest.raises(failures.DatabaseUnavailable) as refused:
            unreachable.handle(StartWorkout("someone"))
        assert refused.value.retry_after > 0
    finally:
        unreachable.close()


@POSTGRES_ONLY
def test_a_real_deadlock_is_rerun_and_the_set_logged_once(services, user_id, enrolled, db_engine, monkeypatch):
    """Another transaction holds the workout and then wants the enrollment, which the command
    (enrollment first, then workout) holds: PostgreSQL aborts the command, which is rerun."""
    workout = services.handle(StartWorkout(user_id)).result
    attempts: list[int] = []
    once = service._handle_once
    monkeypatch.setattr(service, "_handle_once", lambda *args: attempts.append(1) or once(*args))
    result: dict = {}

    def log_set() -> None:
        try:
            result["ok"] = services.handle(LogSet(user_id, workout, 0, 5)).result
        except Exception as exc:  # reported by the assertion below
            result["error"] = exc

    with db_engine.connect() as other:
        other.execute(text("SET deadlock_timeout = '10s'"))  # so the command's backend detects it, in 1 s
        other.execute(text("SELECT 1 FROM workout_sessions WHERE id = :id FOR UPDATE"), {"id": workout})
        command = threading.Thread(target=log_set)
        command.start()
        wait_until_blocked(other, expected=1)
        other.execute(text("SELECT 1 FROM user_program_states WHERE id = :id FOR UPDATE"), {"id": enrolled})
        other.commit()
        command.join(timeout=30)
    assert "ok" in result, result
    assert len(attempts) == 2
    with services.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(LoggedSet)) == 1


@POSTGRES_ONLY
def test_a_commands_killed_connection_is_rerun_and_a_plain_unit_of_work_is_pinged(services, user_id, enrolled,
                                                                                  db_engine, monkeypatch):
    """A command is rerun whole on a lost connection, so its checkout sends no ping
    (``connection.rerun_on_loss``): a pooled connection the server dropped fails its first
    statement and the command runs again on a fresh one. A unit of work nothing reruns is pinged
    at checkout: it never sees a dropped connection."""
    workout = services.handle(StartWorkout(user_id)).result  # the pool holds a connection now
    attempts: list[int] = []
    once = service._handle_once
    monkeypatch.setattr(service, "_handle_once", lambda *args: attempts.append(1) or once(*args))
    terminate = text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     "WHERE datname = current_database() AND pid <> pg_backend_pid()")
    killer = make_engine(db_engine.url.render_as_string(hide_password=False), poolclass=NullPool)
    try:
        with killer.connect() as admin:
            assert admin.scalar(terminate) >= 1
        services.handle(LogSet(user_id, workout, 0, 5))
        assert len(attempts) == 2
        with killer.connect() as admin:
            assert admin.scalar(terminate) >= 1
        with services.uow() as uow:
            assert uow.session.scalar(select(func.count()).select_from(LoggedSet)) == 1
    finally:
        killer.dispose()


def wait_until_blocked(conn, expected: int) -> None:
    """Until ``expected`` backends wait for a lock ``conn`` holds. pg_locks is read live, unlike
    pg_stat_activity, which ``conn`` (inside a transaction) would see frozen at its first read."""
    deadline = time.monotonic() + 10
    query = text("SELECT count(DISTINCT pid) FROM pg_locks"
                 " WHERE NOT granted AND pg_backend_pid() = ANY(pg_blocking_pids(pid))")
    while conn.scalar(query) < expected:
        assert time.monotonic() < deadline, "the command never waited for the lock"
        time.sleep(0.02)


@SQLITE_ONLY
def test_sqlites_lock_held_past_the_busy_timeout_is_retried(services, user_id, enrolled, migrated_url, tiny_specs,
                                                            monkeypatch):
    """Another process holds SQLite's write lock for longer than one busy timeout: the command's
    first attempt gives up ("database is locked"), the rerun gets the lock once it is free."""
    impatient = make_engine(migrated_url, connect_args={"check_same_thread": False, "timeout": 0.05})
    quick = bootstrap(Settings(specs_dir=tiny_specs, database_url=migrated_url), db=impatient, sync=False)
    holder = sqlite3.connect(migrated_url.removeprefix("sqlite:///"), isolation_level=None)
    errors: list[Exception] = []
    once = service._handle_once

    def attempt(*args):
        try:
            return once(*args)
        except OperationalError as exc:
            errors.append(exc)
            holder.rollback()  # the other writer is done: the rerun finds the lock free
            raise

    monkeypatch.setattr(service, "_handle_once", attempt)
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert quick.handle(StartWorkout(user_id)).result
    finally:
        holder.close()
        impatient.dispose()
    assert [str(e.orig) for e in errors] == ["database is locked"]
    assert counts(services)[0] == 1
