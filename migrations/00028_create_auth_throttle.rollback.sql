DROP INDEX ix_auth_throttle_expires_at;
DROP TABLE auth_throttle;
