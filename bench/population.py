"""Bulk rows for the benchmarks: enrolled users with their slots, finished workouts and sets.

Inserted with executemany in chunks, bypassing the commands: this is volume for the queries
to run against, not behaviour under test.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from engine.db.models import (
    LoggedSet,
    ProgressionState,
    User,
    UserProgramState,
    WorkoutSession,
    utcnow,
)

CHUNK = 10_000
SETS_PER_WORKOUT = 10
SLOTS = {"squat": 135, "overhead-press": 75, "bench-press": 115, "deadlift": 185}


def populate(services, users: int, sets: int, *, offset: int = 0, program: str = "starting-strength") -> None:
    version = services.catalog.current(program).id
    rng = random.Random(offset)
    now = utcnow()
    enrollments: list[tuple[str, str]] = []
    with services.db.begin() as conn:
        for start in range(0, users, CHUNK):
            batch = range(offset + start, offset + min(start + CHUNK, users))
            user_rows = [_user(n, now) for n in batch]
            state_rows = [_enrollment(u["id"], program, version, now, rng) for u in user_rows]
            conn.execute(User.__table__.insert(), user_rows)
            conn.execute(UserProgramState.__table__.insert(), state_rows)
            conn.execute(ProgressionState.__table__.insert(), [
                {"id": _id(), "user_program_state_id": s["id"], "slot": slot, "weight": weight,
                 "failure_count": 0, "stage": 0, "data": {"unit": "lb"}, "updated_at": now}
                for s in state_rows for slot, weight in SLOTS.items()
            ])
            enrollments += [(s["user_id"], s["id"]) for s in state_rows]
        _history(conn, enrollments, sets, version, now, rng)


def _history(conn, enrollments, sets: int, version: str, now, rng: random.Random) -> None:
    workouts, logged = [], []
    for n in range(sets // SETS_PER_WORKOUT):
        user_id, enrollment_id = rng.choice(enrollments)
        started = now - timedelta(days=rng.randint(1, 700), minutes=n % 1440)
        workout_id = _id()
        workouts.append({"id": workout_id, "user_program_state_id": enrollment_id, "user_id": user_id,
                         "program_version_id": version, "cycle_iteration": 1 + n % 20, "week": 1 + n % 2,
                         "day_index": n % 3, "status": "COMPLETED", "started_at": started,
                         "finished_at": started + timedelta(hours=1), "prescription": []})
        logged += [{"id": _id(), "user_id": user_id, "session_id": workout_id, "lift_slug": "squat",
                    "weight": 135, "unit": "lb", "reps": 5, "logged_at": started, "set_index": i,
                    "target_reps": 5, "user_program_state_id": enrollment_id} for i in range(SETS_PER_WORKOUT)]
        if len(logged) >= CHUNK:
            _flush(conn, workouts, logged)
    _flush(conn, workouts, logged)


def _flush(conn, workouts: list, logged: list) -> None:
    if workouts:
        conn.execute(WorkoutSession.__table__.insert(), workouts)
    if logged:
        conn.execute(LoggedSet.__table__.insert(), logged)
    workouts.clear()
    logged.clear()


def _user(n: int, now) -> dict:
    return {"id": _id(), "email": f"lifter{n}@bench.example", "password_hash": "not-a-login",
            "created_at": now, "role": "user", "weight_unit": "lb"}


def _enrollment(user_id: str, program: str, version: str, now, rng: random.Random) -> dict:
    return {"id": _id(), "user_id": user_id, "program_slug": program, "program_version_id": version,
            "current_cycle_iteration": 1 + rng.randint(0, 20), "current_week": 1 + rng.randint(0, 1),
            "current_day_index": rng.randint(0, 2), "enrollment_status": "ACTIVE",
            "cycle_status": "IN_PROGRESS", "week_status": "IN_PROGRESS", "enrolled_at": now, "updated_at": now}


def _id() -> str:
    return str(uuid.uuid4())
