-- Bearer tokens are stored only as hashes (sha256 hex of the random token).
CREATE TABLE auth_tokens (
    token_hash VARCHAR(64) NOT NULL PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_auth_tokens_user ON auth_tokens (user_id);
