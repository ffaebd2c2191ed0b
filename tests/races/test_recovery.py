"""The service recovers by itself when PostgreSQL drops its connections (a restart, a failover,
pg_terminate_backend): pooled connections are checked before use (pinged, engine/db/connection.py),
a command whose connection broke before its commit is rerun (its own connection unchecked: the
rerun is its check), and nothing meanwhile is a 500."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from tests.races.driver import Driver
from tests.races.invariants import violations

POSTGRES_ONLY = pytest.mark.parametrize("race_backend", [pytest.param("postgres", marks=pytest.mark.postgres)],
                                        indirect=True)
# Only the backends of the database the race fixtures created, never another's.
TERMINATE = text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                 "WHERE datname = current_database() AND pid <> pg_backend_pid()")
STORM_SECONDS = 3


def one_workout(driver: Driver, allowed: tuple[int, ...]) -> None:
    workout = driver.workout_in_progress()
    driver.log_all_but(workout, keep=0)
    driver.call("POST", f"/workouts/{workout['id']}/finish", expect=allowed)


@POSTGRES_ONLY
def test_killed_connections_are_replaced_without_an_error(server, race_db):
    driver = Driver(server, 1001)
    for _ in range(8):  # every worker has a pooled connection now, most likely
        driver.call("GET", f"/users/{driver.lifter.id}/maxes", expect=(200,))
    with race_db.connect() as admin:
        killed = admin.scalar(TERMINATE)
    assert killed >= 1
    for _ in range(3):
        one_workout(driver, allowed=(200,))
    assert not violations(race_db, driver.lifter.id)


@POSTGRES_ONLY
def test_every_kind_of_request_gets_a_fresh_connection_after_a_kill(server, race_db):
    """Not only commands and hot reads: registration, login and the other reads run in their own
    transactions, each on a pooled connection checked (pre-pinged) at checkout. A connection the
    server dropped meanwhile is replaced there, so none of them answers 503 for a kill that is over."""
    drivers = [Driver(server, 1010 + n) for n in range(2)]  # the package's registrations stay under the throttle
    for driver in drivers * 4:  # every worker's pool holds connections now, most likely
        driver.call("GET", f"/users/{driver.lifter.id}/maxes", expect=(200,))
    with race_db.connect() as admin:
        assert admin.scalar(TERMINATE) >= 1
    for n in range(4):  # a new connection for each request: each lands on either worker
        registered = server.call("POST", "/auth/register", json_body={
            "email": f"after-kill{n}@example.com", "password": "correct horse battery"})
        assert registered.status == 201, registered.body
        login = server.call("POST", "/auth/login", json_body={
            "email": f"after-kill{n}@example.com", "password": "correct horse battery"})
        assert login.status == 200, login.body
        reply = server.call("GET", f"/users/{registered.body['user']['id']}/maxes", token=login.body["token"])
        assert reply.status == 200, reply.body


@POSTGRES_ONLY
def test_the_hot_reads_kept_connections_are_replaced_when_killed(server, race_db):
    """A hot read runs on connections kept out of the pool between reads (engine/db/single_read.py):
    killed, they fail their next statement, which runs again on a fresh one: still 200."""
    driver = Driver(server, 1003)
    driver.workout_in_progress()  # enrolled, a workout started: both reads answer 200
    paths = (driver.enrollment, f"/users/{driver.lifter.id}/workouts/current")
    for path in paths * 8:  # each worker keeps a connection for its reads now, most likely
        driver.call("GET", path, expect=(200,))
    with race_db.connect() as admin:
        assert admin.scalar(TERMINATE) >= 1
    for path in paths * 8:
        driver.call("GET", path, expect=(200,))


@POSTGRES_ONLY
def test_a_storm_of_killed_connections_is_never_a_500(server, race_db):
    """Kills land mid-request: a request may be refused 503 (to retry), never fail with a 500,
    and the data stays consistent; once the storm passes, everything succeeds again."""
    driver = Driver(server, 1002)
    stop = threading.Event()
    kills: list[int] = []

    def storm() -> None:
        with race_db.connect() as admin:
            admin.execution_options(isolation_level="AUTOCOMMIT")
            while not stop.wait(0.05):
                kills.append(admin.scalar(TERMINATE))

    killer = threading.Thread(target=storm)
    killer.start()
    refused, sent = [], 0
    try:
        deadline = time.monotonic() + STORM_SECONDS
        while time.monotonic() < deadline:
            sent += 3
            reply = driver.server.call("POST", "/workouts/start", token=driver.lifter.token)
            assert reply.status < 500 or reply.body["code"] in ("busy", "database_unavailable"), reply.body
            refused += [reply] if reply.status == 503 else []
            current = driver.server.call("GET", f"/users/{driver.lifter.id}/workouts/current",
                                         token=driver.lifter.token)
            assert current.status < 500 or current.body["code"] in ("busy", "database_unavailable"), current.body
            if current.status == 200 and current.body["workout"]:
                end = driver.server.call("POST", f"/workouts/{current.body['workout']['id']}/finish",
                                         token=driver.lifter.token)
                assert end.status < 500 or end.body["code"] in ("busy", "database_unavailable"), end.body
    finally:
        stop.set()
        killer.join(timeout=30)
    print(f"storm: {sum(kills)} backends killed, ~{sent} requests, {len(refused)} start(s) refused 503")
    assert sum(kills) > 0
    assert all("retry-after" in reply.headers for reply in refused)
    one_workout(driver, allowed=(200,))
    assert not violations(race_db, driver.lifter.id)
