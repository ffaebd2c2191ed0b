"""A database that is busy or out of reach is a 503 problem with Retry-After, never a 500; and a
write answers from the transaction that made it, so what happens after its commit cannot fail it."""

from __future__ import annotations

import dataclasses

import psycopg.errors
import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from engine import service
from engine.bootstrap import Services
from engine.commands import StartWorkout
from engine.db.connection import make_engine
from engine.db.unit_of_work import UnitOfWork
from tests.api.flows import STRONGLIFTS, STRONGLIFTS_INPUTS, enroll, row_counts
from tests.support.http import ApiClient, assert_problem


def unreachable_url(backend_url: str, tmp_path) -> str:
    if backend_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path}/missing/dir/powerpro.db"
    return "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"  # nothing listens on port 1


def with_database(services: Services, url: str) -> Services:
    engine = make_engine(url)
    return dataclasses.replace(services, db=engine, session_factory=sessionmaker(engine, expire_on_commit=False))


def assert_retry_later(result, code: str) -> dict:
    problem = assert_problem(result, 503, code)
    assert int(result.headers["retry-after"]) > 0
    return problem


@pytest.mark.parametrize("method, path", [("GET", "/health"), ("POST", "/auth/login"), ("PUT", "/users/u1/maxes/squat"),
                                          ("POST", "/workouts/start"), ("GET", "/users/u1/enrollment")])
def test_an_unreachable_database_is_503_database_unavailable(services, migrated_url, tmp_path, method, path):
    down = with_database(services, unreachable_url(migrated_url, tmp_path))
    try:
        client = ApiClient(create_app(down))
        body = {"/auth/login": {"email": "a@example.com", "password": "correct horse battery"},
                "/users/u1/maxes/squat": {"weight": 100, "unit": "lb"}}.get(path)
        assert_retry_later(client.request(method, path, json=body, token="some-token"), "database_unavailable")
    finally:
        down.close()


def test_a_race_lost_every_time_is_503_busy(client, catalog, db_engine, monkeypatch):
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    before = row_counts(db_engine)

    def deadlocked(cmd, uow, ctx):
        raise OperationalError("SELECT 1", {}, psycopg.errors.DeadlockDetected("deadlock detected"))

    monkeypatch.setitem(service.COMMAND_HANDLERS, StartWorkout, deadlocked)
    problem = assert_retry_later(client.post("/workouts/start", token=lifter.token), "busy")
    assert "retry" in problem["detail"].lower()
    assert row_counts(db_engine) == before


def test_a_write_answers_from_its_own_transaction(client, services, catalog, migrated_url, tmp_path, monkeypatch):
    """Once the command commits, the database goes away: the answer is already built, so it is a success."""
    lifter = client.register()
    enroll(client, lifter, STRONGLIFTS, STRONGLIFTS_INPUTS)
    down = make_engine(unreachable_url(migrated_url, tmp_path))
    commit = UnitOfWork.commit

    def commit_then_lose_the_database(uow):
        commit(uow)
        monkeypatch.setattr(services, "session_factory", sessionmaker(down))

    monkeypatch.setattr(UnitOfWork, "commit", commit_then_lose_the_database)
    try:
        result = client.post("/workouts/start", token=lifter.token)
        assert result.status_code == 201, result.text
        assert result.json["workout"]["status"] == "IN_PROGRESS"
        assert result.json["state"]["current_workout_session"]["id"] == result.json["workout"]["id"]
        # Any further read would fail now: the next request proves the database is gone.
        assert_retry_later(client.get(f"/users/{lifter.id}/workouts/current", token=lifter.token),
                           "database_unavailable")
    finally:
        down.dispose()
