-- Corrections of logged sets (issue 11): a set carries a note and when it was last corrected;
-- a progression-log row names the workout whose sets or completion produced it and the whole
-- slot state before and after, so that an amendment can revert it exactly and apply the rules
-- again from the corrected sets. A reverted row stays as history: reverted_by names the
-- amendment (the transition-log payload's amendment_id) and its idempotency key is freed for
-- the progression applied again; amendment_id marks the rows an amendment applied.
ALTER TABLE logged_sets ADD COLUMN note VARCHAR(1000);
ALTER TABLE logged_sets ADD COLUMN corrected_at TIMESTAMP;
ALTER TABLE progression_logs ADD COLUMN workout_id VARCHAR(36);
ALTER TABLE progression_logs ADD COLUMN previous_state JSON;
ALTER TABLE progression_logs ADD COLUMN new_state JSON;
ALTER TABLE progression_logs ADD COLUMN amendment_id VARCHAR(36);
ALTER TABLE progression_logs ADD COLUMN reverted_by VARCHAR(36);
ALTER TABLE progression_logs ADD COLUMN reverted_at TIMESTAMP;
CREATE INDEX ix_progression_logs_workout ON progression_logs (workout_id);
