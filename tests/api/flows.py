"""Steps the enrollment and workout tests share, each through the HTTP API."""

from __future__ import annotations

from sqlalchemy import func, select

from engine.db.models import LoggedSet, ProgressionLog, TransitionLogEntry, UserProgramState, WorkoutSession
from tests.support.http import ApiClient, Lifter

BBB = "wendler-531-bbb"
# One-rep maxes in lb; 5/3/1 training maxes are 90% of them: 121.5, 360, 180, 270.
BBB_MAXES = {"overhead-press": 135, "deadlift": 400, "bench-press": 200, "squat": 300}
BBB_INPUTS = {f"{lift}.1rm": {"weight": weight, "unit": "lb"} for lift, weight in BBB_MAXES.items()}
STRONGLIFTS = "stronglifts-5x5"
STRONGLIFTS_WEIGHTS = {"squat": 100, "bench-press": 80, "barbell-row": 70, "overhead-press": 60, "deadlift": 120}
STRONGLIFTS_INPUTS = {f"{lift}.work": {"weight": weight, "unit": "lb"} for lift, weight in STRONGLIFTS_WEIGHTS.items()}


def enroll(client: ApiClient, lifter: Lifter, program: str = BBB, inputs: dict | None = None) -> dict:
    body = {"program": program, "inputs": BBB_INPUTS if inputs is None else inputs}
    result = client.post(f"/users/{lifter.id}/enrollment", json=body, token=lifter.token)
    assert result.status_code == 201, result.text
    return result.json


def start(client: ApiClient, lifter: Lifter) -> dict:
    result = client.post("/workouts/start", token=lifter.token)
    assert result.status_code == 201, result.text
    return result.json


def log(client: ApiClient, lifter: Lifter, workout_id: str, set_index: int, reps: int, **fields) -> dict:
    result = client.post(f"/workouts/{workout_id}/sets", json={"set_index": set_index, "reps": reps, **fields},
                         token=lifter.token)
    assert result.status_code == 201, result.text
    return result.json


def finish(client: ApiClient, lifter: Lifter, workout_id: str, verb: str = "finish") -> dict:
    result = client.post(f"/workouts/{workout_id}/{verb}", token=lifter.token)
    assert result.status_code == 200, result.text
    return result.json


def statuses(state: dict) -> tuple[str, str, str]:
    return state["enrollment_status"], state["cycle_status"], state["week_status"]


def position(state: dict) -> tuple[int, int, int]:
    p = state["position"]
    return p["cycle_iteration"], p["week"], p["day_index"]


def actions(state: dict) -> list[str]:
    return [a["action"] for a in state["available_actions"]]


def row_counts(db_engine) -> dict[str, int]:
    """How many rows each table the API writes holds: to show a refused request wrote nothing."""
    models = (UserProgramState, WorkoutSession, LoggedSet, ProgressionLog, TransitionLogEntry)
    with db_engine.connect() as conn:
        return {m.__tablename__: conn.scalar(select(func.count()).select_from(m)) for m in models}
