DROP INDEX ix_idempotency_keys_created_at;
DROP TABLE idempotency_keys;
