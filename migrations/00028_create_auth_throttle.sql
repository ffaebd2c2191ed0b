-- Failed sign-ins and registrations counted per account and per client address, shared by
-- every worker and server (engine/throttle.py). bucket is the sha256 of scope and key, so no
-- email or address is stored; a bucket's window closes at expires_at, after which its row
-- counts again from one and may be purged (ix_auth_throttle_expires_at).
CREATE TABLE auth_throttle (
    bucket VARCHAR(64) NOT NULL PRIMARY KEY,
    attempts INTEGER NOT NULL CHECK (attempts >= 1),
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_auth_throttle_expires_at ON auth_throttle (expires_at);
