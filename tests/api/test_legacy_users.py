"""Users from before the state machines, through the API after the migration: they see the
right states, start, log and finish workouts, progress, and still see their old sets."""

from __future__ import annotations

import pytest

from api.app import create_app
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from tests.conftest import BACKENDS, new_database
from tests.support.http import ApiClient
from tests.support.legacy import MID_PROGRAM, NOT_STARTED, TOKENS, build_legacy_database
from tests.support.work_sets import work_sets


@pytest.fixture(params=BACKENDS)
def legacy_client(request, tmp_path_factory, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")
    url = new_database(request.param, "legacy_api", tmp_path_factory)
    build_legacy_database(url)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    engine = make_engine(url)
    yield ApiClient(create_app(bootstrap(db=engine)))
    engine.dispose()


def state_of(answer: dict) -> tuple:
    state = answer["state"]
    p = state["position"]
    return (state["enrollment_status"], state["cycle_status"], state["week_status"],
            p["cycle_iteration"], p["week"], p["day_index"])


def test_a_lifter_mid_program_carries_on_and_keeps_the_old_sets(legacy_client):
    token = TOKENS[MID_PROGRAM]
    enrollment = legacy_client.get(f"/users/{MID_PROGRAM}/enrollment", token=token)
    assert enrollment.status_code == 200, enrollment.text
    assert state_of(enrollment.json) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 1, 1, 2)

    started = legacy_client.post("/workouts/start", token=token)
    assert started.status_code == 201, started.text
    workout = started.json["workout"]
    # The stored working weights carry over: workout A at squat 145, press 80, deadlift 205.
    assert [(s["lift"], s["weight"]) for s in work_sets(workout)][::3][:3] == [
        ("squat", 145), ("overhead-press", 80), ("deadlift", 205)]
    for item in workout["sets"]:  # the warm-ups too: they are history like any set
        logged = legacy_client.post(f"/workouts/{workout['id']}/sets", token=token,
                                    json={"set_index": item["set_index"], "reps": item["target_reps"]})
        assert logged.status_code == 201, logged.text
    finished = legacy_client.post(f"/workouts/{workout['id']}/finish", token=token)
    assert finished.status_code == 200
    assert state_of(finished.json) == ("ACTIVE", "IN_PROGRESS", "PENDING", 1, 2, 0)
    applied = {p["slot"]: (p["previous"], p["new"]) for p in finished.json["progressions_applied"]}
    assert applied == {"squat": (145, 150), "overhead-press": (80, 85), "deadlift": (205, 215)}

    history = legacy_client.get(f"/users/{MID_PROGRAM}/sets?limit=100", token=token).json
    assert history["total"] == 6 + len(workout["sets"])
    legacy = [s for s in history["items"] if s["session_id"].startswith("app-session-")]
    assert len(legacy) == 6 and all(s["workout_id"] is None for s in legacy)
    new = [s for s in history["items"] if s["workout_id"] == workout["id"]]
    assert len(new) == len(workout["sets"])
    logs = legacy_client.get(f"/users/{MID_PROGRAM}/progression-logs", token=token).json
    assert logs["total"] == 2 + 3  # the two legacy entries kept, three new


def test_a_lifter_enrolled_but_not_started_starts_the_cycle(legacy_client):
    token = TOKENS[NOT_STARTED]
    assert state_of(legacy_client.get(f"/users/{NOT_STARTED}/enrollment", token=token).json) == (
        "ACTIVE", "PENDING", "PENDING", 1, 1, 0)
    started = legacy_client.post("/workouts/start", token=token)
    assert started.status_code == 201
    assert state_of(started.json) == ("ACTIVE", "IN_PROGRESS", "IN_PROGRESS", 1, 1, 0)
    assert work_sets(started.json["workout"])[0]["weight"] == 95
