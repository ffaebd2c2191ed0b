CREATE TABLE workout_sessions (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_program_state_id VARCHAR(36) NOT NULL REFERENCES user_program_states (id) ON DELETE CASCADE,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_version_id VARCHAR(64) REFERENCES program_versions (id),
    cycle_iteration INTEGER NOT NULL CHECK (cycle_iteration >= 1),
    week INTEGER NOT NULL CHECK (week >= 1),
    day_index INTEGER NOT NULL CHECK (day_index >= 0),
    status VARCHAR(16) NOT NULL DEFAULT 'IN_PROGRESS'
        CHECK (status IN ('IN_PROGRESS', 'COMPLETED', 'ABANDONED')),
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX ix_workout_sessions_state_week_day ON workout_sessions (user_program_state_id, week, day_index);
CREATE INDEX ix_workout_sessions_state_status ON workout_sessions (user_program_state_id, status);
CREATE INDEX ix_workout_sessions_user_started ON workout_sessions (user_id, started_at);
-- At most one IN_PROGRESS session per enrollment, enforced by the database.
CREATE UNIQUE INDEX ux_workout_sessions_one_in_progress ON workout_sessions (user_program_state_id)
    WHERE status = 'IN_PROGRESS';
