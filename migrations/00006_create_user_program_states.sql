-- A user's enrollment in a program: before the state machines, only a position.
-- current_day_index is NULL until the first workout of the enrollment.
CREATE TABLE user_program_states (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    program_slug VARCHAR(64) NOT NULL REFERENCES programs (slug),
    current_cycle_iteration INTEGER NOT NULL DEFAULT 1 CHECK (current_cycle_iteration >= 1),
    current_week INTEGER NOT NULL DEFAULT 1 CHECK (current_week >= 1),
    current_day_index INTEGER CHECK (current_day_index >= 0),
    enrolled_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_user_program_states_user ON user_program_states (user_id);
