"""A database as it was before the state machines (migration 00022), with realistic rows:
a lifter mid-program, one enrolled but not started, sets logged with client-made session ids,
progression logs and per-slot progression state."""

from __future__ import annotations

import hashlib

from sqlalchemy import Engine, text

from engine.db.connection import make_engine
from engine.db.migrations import Migrator

LAST_LEGACY_MIGRATION = "00022_index_progression_logs_user_time"
LEGACY_TABLES = (
    "users", "lifts", "lift_maxes", "programs", "user_program_states",
    "progression_states", "logged_sets", "progression_logs", "auth_tokens",
)
MID_PROGRAM = "00000000-0000-4000-8000-00000000000a"
NOT_STARTED = "00000000-0000-4000-8000-00000000000b"
MID_ENROLLMENT = "10000000-0000-4000-8000-00000000000a"
NEW_ENROLLMENT = "10000000-0000-4000-8000-00000000000b"
T0 = "2026-10-01 08:00:00"
# Tokens issued before the migration stay valid: the table stores only their sha256.
TOKENS = {MID_PROGRAM: "legacy-token-mid-program", NOT_STARTED: "legacy-token-not-started"}

ROWS = [
    ("INSERT INTO users (id, email, password_hash, created_at, role, weight_unit) VALUES "
     f"('{MID_PROGRAM}', 'mid@example.com', 'legacy-hash', '{T0}', 'user', 'lb'), "
     f"('{NOT_STARTED}', 'new@example.com', 'legacy-hash', '{T0}', 'user', 'lb')"),
    "INSERT INTO auth_tokens (token_hash, user_id, created_at, expires_at) VALUES "
    + ", ".join(f"('{hashlib.sha256(token.encode()).hexdigest()}', '{user}', '{T0}', '2099-01-01 00:00:00')"
                for user, token in TOKENS.items()),
    "INSERT INTO lifts (slug, name) VALUES ('squat', 'Squat'), ('bench-press', 'Bench press'), "
    "('overhead-press', 'Overhead press'), ('deadlift', 'Deadlift')",
    f"INSERT INTO lift_maxes (id, user_id, lift_slug, weight, unit, updated_at, reps) VALUES "
    f"('20000000-0000-4000-8000-000000000001', '{MID_PROGRAM}', 'squat', 225, 'lb', '{T0}', 1)",
    "INSERT INTO programs (slug, name) VALUES ('starting-strength', 'Starting Strength')",
    # Mid-program: week 1, the third workout (day index 2) is next. Not started: no day yet.
    "INSERT INTO user_program_states (id, user_id, program_slug, current_cycle_iteration, current_week, "
    "current_day_index, enrolled_at, updated_at) VALUES "
    f"('{MID_ENROLLMENT}', '{MID_PROGRAM}', 'starting-strength', 1, 1, 2, '{T0}', '{T0}'), "
    f"('{NEW_ENROLLMENT}', '{NOT_STARTED}', 'starting-strength', 1, 1, NULL, '{T0}', '{T0}')",
    "INSERT INTO progression_states (id, user_program_state_id, slot, weight, failure_count, updated_at, "
    "stage, data) VALUES "
    + ", ".join(
        f"('3{i:07d}-0000-4000-8000-000000000000', '{enrollment}', '{slot}', {weight}, 0, '{T0}', 0, "
        "'{\"unit\": \"lb\"}')"
        for i, (enrollment, slot, weight) in enumerate([
            (MID_ENROLLMENT, "squat", 145), (MID_ENROLLMENT, "overhead-press", 80),
            (MID_ENROLLMENT, "bench-press", 115), (MID_ENROLLMENT, "deadlift", 205),
            (NEW_ENROLLMENT, "squat", 95), (NEW_ENROLLMENT, "overhead-press", 45),
            (NEW_ENROLLMENT, "bench-press", 65), (NEW_ENROLLMENT, "deadlift", 135),
        ])
    ),
    # The first two workouts of week 1, logged by the app with its own session ids.
    "INSERT INTO logged_sets (id, user_id, session_id, lift_slug, weight, unit, reps, logged_at, rpe, "
    "set_index, target_reps, user_program_state_id) VALUES "
    + ", ".join(
        f"('4{n:07d}-0000-4000-8000-000000000000', '{MID_PROGRAM}', '{session}', '{lift}', {weight}, 'lb', 5, "
        f"'2026-10-0{day} 09:{n:02d}:00', NULL, {index}, 5, '{MID_ENROLLMENT}')"
        for n, (session, day, lift, weight, index) in enumerate([
            ("app-session-1", 1, "squat", 135, 0), ("app-session-1", 1, "squat", 135, 1),
            ("app-session-1", 1, "squat", 135, 2), ("app-session-1", 1, "overhead-press", 75, 3),
            ("app-session-2", 3, "squat", 140, 0), ("app-session-2", 3, "bench-press", 115, 3),
        ])
    ),
    "INSERT INTO progression_logs (id, user_id, user_program_state_id, lift_slug, previous_weight, new_weight, "
    "idempotency_key, applied_at, rule, trigger, slot) VALUES "
    f"('50000000-0000-4000-8000-000000000001', '{MID_PROGRAM}', '{MID_ENROLLMENT}', 'squat', 135, 140, "
    f"'legacy:app-session-1:squat', '2026-10-01 10:00:00', 'add-weight', 'AFTER_SESSION', 'squat'), "
    f"('50000000-0000-4000-8000-000000000002', '{MID_PROGRAM}', '{MID_ENROLLMENT}', 'squat', 140, 145, "
    f"'legacy:app-session-2:squat', '2026-10-03 10:00:00', 'add-weight', 'AFTER_SESSION', 'squat')",
]


def build_legacy_database(url: str) -> None:
    migrator = Migrator(url)
    try:
        migrator.apply(LAST_LEGACY_MIGRATION)
    finally:
        migrator.close()
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for statement in ROWS:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every legacy table, in a stable order and comparable across engines."""
    with engine.connect() as conn:
        return {
            table: sorted(tuple(_comparable(v) for v in row) for row in conn.execute(text(f"SELECT * FROM {table}")))
            for table in LEGACY_TABLES
        }


def _comparable(value):
    return str(value) if value is not None else None
