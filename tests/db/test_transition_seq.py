"""Migration 00033 counts each machine's transitions on its row, backfilled from the log, and
its rollback drops the counts again."""

from __future__ import annotations

from sqlalchemy import text

from engine.db.connection import make_engine

BEFORE = "00028_create_auth_throttle"
ROWS = """
INSERT INTO users (id, email, password_hash, created_at) VALUES ('u', 'u@example.com', 'x', '2026-01-01');
INSERT INTO programs (slug, name) VALUES ('p', 'P');
INSERT INTO user_program_states (id, user_id, program_slug, enrolled_at, updated_at)
    VALUES ('e', 'u', 'p', '2026-01-01', '2026-01-01');
INSERT INTO user_program_states (id, user_id, program_slug, enrolled_at, updated_at, enrollment_status)
    VALUES ('quiet', 'u', 'p', '2026-01-01', '2026-01-01', 'QUIT');
INSERT INTO workout_sessions (id, user_program_state_id, user_id, cycle_iteration, week, day_index, started_at)
    VALUES ('w', 'e', 'u', 1, 1, 0, '2026-01-01');
"""
LOG = [("enrollment", "e", 1), ("enrollment", "e", 2), ("cycle", "e", 1), ("week", "e", 1), ("week", "e", 2),
       ("week", "e", 3), ("session", "w", 1), ("session", "w", 2), ("set", "s", 1)]


def test_the_counts_are_backfilled_from_the_log_and_roll_back(empty_url, migrator):
    migrator.apply(BEFORE)
    engine = make_engine(empty_url)
    try:
        with engine.begin() as conn:
            for statement in ROWS.split(";"):
                if statement.strip():
                    conn.execute(text(statement))
            for machine, entity, seq in LOG:
                conn.execute(text("INSERT INTO transition_log (machine, entity_id, seq, user_id, transition, to_state, "
                                  "created_at) VALUES (:m, :e, :s, 'u', 't', 'X', '2026-01-01')"),
                             {"m": machine, "e": entity, "s": seq})
        migrator.apply()
        with engine.connect() as conn:
            counts = {row[0]: tuple(row[1:]) for row in conn.execute(text(
                "SELECT id, enrollment_seq, cycle_seq, week_seq FROM user_program_states"))}
            session_seq = conn.execute(text("SELECT session_seq FROM workout_sessions")).scalar_one()
        assert counts == {"e": (2, 1, 3), "quiet": (0, 0, 0)}
        assert session_seq == 2
        migrator.rollback(BEFORE)
        with engine.connect() as conn:
            columns = set(conn.execute(text("SELECT * FROM workout_sessions")).keys())
        assert "session_seq" not in columns
    finally:
        engine.dispose()
