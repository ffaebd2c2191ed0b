ALTER TABLE progression_logs DROP COLUMN slot;
ALTER TABLE progression_logs DROP COLUMN trigger;
ALTER TABLE progression_logs DROP COLUMN rule;
