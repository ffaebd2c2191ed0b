"""Bulk rows for the benchmarks: enrolled users with their slots, finished workouts and sets.

Volume for the queries to run against, not behaviour under test: the rows are written straight
into the tables, never through the commands. SQLite gets ``executemany`` on its own driver
connection (journal and fsync off: a benchmark file is rebuilt, never recovered), PostgreSQL
gets ``COPY`` with the foreign-key triggers off (the rows are consistent by construction).
100,000 users and 1,000,000 sets take well under a minute on either engine.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

from sqlalchemy import Engine

from engine.db.models import utcnow

CHUNK = 20_000
SETS_PER_WORKOUT = 10
SLOTS = {"squat": 135, "overhead-press": 75, "bench-press": 115, "deadlift": 185}
PROGRAM = "starting-strength"

COLUMNS = {
    "users": ("id", "email", "password_hash", "created_at", "role", "weight_unit"),
    "user_program_states": ("id", "user_id", "program_slug", "program_version_id", "current_cycle_iteration",
                            "current_week", "current_day_index", "enrollment_status", "cycle_status",
                            "week_status", "enrolled_at", "updated_at"),
    "progression_states": ("id", "user_program_state_id", "slot", "weight", "failure_count", "stage", "data",
                           "updated_at"),
    "workout_sessions": ("id", "user_program_state_id", "user_id", "program_version_id", "cycle_iteration", "week",
                         "day_index", "status", "started_at", "finished_at", "prescription"),
    "logged_sets": ("id", "user_id", "session_id", "lift_slug", "weight", "unit", "reps", "logged_at", "set_index",
                    "target_reps", "user_program_state_id"),
}


def populate(services, users: int, sets: int, *, offset: int = 0, program: str = PROGRAM) -> None:
    """``users`` enrolled users (numbered from ``offset``) and ``sets`` logged sets among them."""
    version = services.catalog.current(program).id
    bulk_insert(services.db, rows(users, sets, version, offset=offset, program=program))


def rows(users: int, sets: int, version: str, *, offset: int = 0,
         program: str = PROGRAM) -> Iterator[tuple[str, list[tuple]]]:
    """(table, chunk of rows in ``COLUMNS[table]`` order), parents before children."""
    rng = random.Random(offset)
    now = _timestamp(utcnow())
    enrollments: list[tuple[str, str]] = []
    for start in range(offset, offset + users, CHUNK):
        numbers = range(start, min(start + CHUNK, offset + users))
        user_ids = [_id() for _ in numbers]
        yield "users", [(u, f"lifter{n}@bench.example", "not-a-login", now, "user", "lb")
                        for n, u in zip(numbers, user_ids, strict=True)]
        states = [(_id(), u, program, version, 1 + rng.randint(0, 20), 1 + rng.randint(0, 1), rng.randint(0, 2),
                   "ACTIVE", "IN_PROGRESS", "IN_PROGRESS", now, now) for u in user_ids]
        yield "user_program_states", states
        yield "progression_states", [(_id(), s[0], slot, weight, 0, 0, '{"unit": "lb"}', now)
                                     for s in states for slot, weight in SLOTS.items()]
        enrollments += [(s[1], s[0]) for s in states]
    if enrollments:
        yield from _history(enrollments, sets, version, rng)


def _history(enrollments: list[tuple[str, str]], sets: int, version: str,
             rng: random.Random) -> Iterator[tuple[str, list[tuple]]]:
    workouts, logged = [], []
    base = utcnow()
    for n in range(sets // SETS_PER_WORKOUT):
        user_id, enrollment_id = rng.choice(enrollments)
        started = base - timedelta(days=rng.randint(1, 700), minutes=n % 1440)
        began, ended = _timestamp(started), _timestamp(started + timedelta(hours=1))
        workout_id = _id()
        workouts.append((workout_id, enrollment_id, user_id, version, 1 + n % 20, 1 + n % 2, n % 3, "COMPLETED",
                         began, ended, "[]"))
        logged += [(_id(), user_id, workout_id, "squat", 135, "lb", 5, began, i, 5, enrollment_id)
                   for i in range(SETS_PER_WORKOUT)]
        if len(logged) >= CHUNK:
            yield "workout_sessions", workouts
            yield "logged_sets", logged
            workouts, logged = [], []
    if workouts:
        yield "workout_sessions", workouts
        yield "logged_sets", logged


def bulk_insert(db: Engine, chunks: Iterator[tuple[str, list[tuple]]]) -> None:
    """Write every chunk in one transaction, the fastest way each engine offers."""
    raw = db.raw_connection()
    try:
        (_sqlite_insert if db.dialect.name == "sqlite" else _postgres_copy)(raw.driver_connection, chunks)
    finally:
        raw.close()


def _sqlite_insert(conn, chunks) -> None:
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -262144")  # 256 MiB: the indexes being filled stay in memory
    conn.execute("BEGIN")
    for table, chunk in chunks:
        columns = COLUMNS[table]
        conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                         chunk)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone holds everything (it may be copied)
    conn.execute("PRAGMA foreign_keys = ON")


def _postgres_copy(conn, chunks) -> None:
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no per-row foreign-key triggers
        for table, chunk in chunks:
            with cursor.copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
                for row in chunk:
                    copy.write_row(row)
    conn.execute("ANALYZE")  # what autovacuum would soon do: the planner sees the real sizes
    conn.commit()


def _timestamp(moment: datetime) -> str:
    """As SQLAlchemy stores a naive TIMESTAMP on SQLite; PostgreSQL reads the same text."""
    return moment.isoformat(sep=" ", timespec="microseconds")


def _id() -> str:
    return str(uuid.uuid4())
