"""Two requests racing through the WSGI app on real threads: the database lets exactly one win."""

from __future__ import annotations

import threading

from falcon.testing import TestClient
from sqlalchemy import func, select

from engine.db.models import TransitionLogEntry, WorkoutSession
from tests.api.flows import enroll


def race(app, requests: list[tuple[str, str, str]]) -> list:
    """Send each (method, path, token) from its own thread, all released at once; the results."""
    barrier = threading.Barrier(len(requests))
    results: list = [None] * len(requests)

    def run(index: int, method: str, path: str, token: str) -> None:
        http = TestClient(app)  # one client per thread, one app and one connection pool for all
        barrier.wait()
        results[index] = http.simulate_request(method, path, headers={"Authorization": f"Bearer {token}"})

    threads = [threading.Thread(target=run, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_two_simultaneous_starts_make_exactly_one_workout(app, client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)

    results = race(app, [("POST", "/workouts/start", lifter.token)] * 2)

    assert sorted(r.status_code for r in results) == [201, 409]
    winner = next(r for r in results if r.status_code == 201)
    loser = next(r for r in results if r.status_code == 409)
    for result in results:  # both answers are what the OpenAPI document promises
        client.contract.check("POST", "/workouts/start", result)
    assert loser.json["code"] == "workout_already_in_progress"
    assert loser.json["current_workout_session_id"] == winner.json["workout"]["id"]
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(WorkoutSession)) == 1
        starts = select(func.count()).select_from(TransitionLogEntry).where(
            TransitionLogEntry.transition == "start_workout")
        assert conn.scalar(starts) == 1


def test_two_simultaneous_finishes_complete_the_workout_once(app, client, catalog, db_engine):
    lifter = client.register()
    enroll(client, lifter)
    workout_id = client.post("/workouts/start", token=lifter.token).json["workout"]["id"]

    results = race(app, [("POST", f"/workouts/{workout_id}/finish", lifter.token)] * 2)

    assert sorted(r.status_code for r in results) == [200, 409]
    loser = next(r for r in results if r.status_code == 409)
    assert loser.json["code"] in ("invalid_transition", "concurrent_transition")
    with db_engine.connect() as conn:
        finishes = select(func.count()).select_from(TransitionLogEntry).where(TransitionLogEntry.transition == "finish")
        assert conn.scalar(finishes) == 1
    state = client.get(f"/users/{lifter.id}/enrollment", token=lifter.token).json["state"]
    assert state["position"]["day_index"] == 1  # the day moved once
