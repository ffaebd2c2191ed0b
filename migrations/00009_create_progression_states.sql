-- Per-enrollment progression state of one slot (a lift, or a lift in a tier):
-- the working weight or training max, and the consecutive-failure counter.
CREATE TABLE progression_states (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_program_state_id VARCHAR(36) NOT NULL REFERENCES user_program_states (id) ON DELETE CASCADE,
    slot VARCHAR(100) NOT NULL,
    weight NUMERIC(10, 3),
    failure_count INTEGER NOT NULL DEFAULT 0 CHECK (failure_count >= 0),
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_progression_states_slot ON progression_states (user_program_state_id, slot);
