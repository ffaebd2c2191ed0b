DROP INDEX ix_progression_logs_workout;
ALTER TABLE progression_logs DROP COLUMN reverted_at;
ALTER TABLE progression_logs DROP COLUMN reverted_by;
ALTER TABLE progression_logs DROP COLUMN amendment_id;
ALTER TABLE progression_logs DROP COLUMN new_state;
ALTER TABLE progression_logs DROP COLUMN previous_state;
ALTER TABLE progression_logs DROP COLUMN workout_id;
ALTER TABLE logged_sets DROP COLUMN corrected_at;
ALTER TABLE logged_sets DROP COLUMN note;
