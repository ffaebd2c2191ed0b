DROP INDEX ux_progression_logs_idempotency;
DROP TABLE progression_logs;
