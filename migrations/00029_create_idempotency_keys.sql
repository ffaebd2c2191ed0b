-- The first answer to each authenticated write sent with an Idempotency-Key, per (user, key),
-- so that a retry gets that answer again instead of running twice (engine/idempotency.py).
-- A key is claimed (state in_flight) in its own committed transaction before the request
-- runs: a second claim of the same key conflicts on the primary key, on any worker or server.
-- fingerprint is the sha256 of the method, the path and the canonical body. Rows are kept for
-- 24 hours after created_at, then swept (ix_idempotency_keys_created_at).
CREATE TABLE idempotency_keys (
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key VARCHAR(255) NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    state VARCHAR(16) NOT NULL CHECK (state IN ('in_flight', 'done')),
    status INTEGER,
    headers JSON,
    body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key),
    CHECK (state = 'in_flight' OR status IS NOT NULL)
);
CREATE INDEX ix_idempotency_keys_created_at ON idempotency_keys (created_at);
