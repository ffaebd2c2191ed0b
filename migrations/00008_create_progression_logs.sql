-- Every applied progression. The idempotency key makes a replayed event a no-op.
CREATE TABLE progression_logs (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_program_state_id VARCHAR(36) NOT NULL REFERENCES user_program_states (id) ON DELETE CASCADE,
    lift_slug VARCHAR(64) NOT NULL REFERENCES lifts (slug),
    previous_weight NUMERIC(10, 3),
    new_weight NUMERIC(10, 3),
    idempotency_key VARCHAR(255) NOT NULL,
    applied_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_progression_logs_idempotency ON progression_logs (idempotency_key);
