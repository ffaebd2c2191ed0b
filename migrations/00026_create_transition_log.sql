-- One row per transition of any machine, written in the same transaction as the state change.
-- (machine, entity_id, seq) is the primary key: two concurrent transitions of one entity
-- cannot both commit.
CREATE TABLE transition_log (
    machine VARCHAR(32) NOT NULL,
    entity_id VARCHAR(36) NOT NULL,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    transition VARCHAR(64) NOT NULL,
    from_state VARCHAR(32),
    to_state VARCHAR(32) NOT NULL,
    event VARCHAR(64),
    payload JSON,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (machine, entity_id, seq)
);
CREATE INDEX ix_transition_log_user_time ON transition_log (user_id, created_at);
