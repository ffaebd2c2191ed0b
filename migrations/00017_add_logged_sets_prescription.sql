-- Which prescribed set a logged set answers, so progressions compare reps with targets.
ALTER TABLE logged_sets ADD COLUMN set_index INTEGER CHECK (set_index IS NULL OR set_index >= 0);
ALTER TABLE logged_sets ADD COLUMN target_reps INTEGER CHECK (target_reps IS NULL OR target_reps >= 0);
ALTER TABLE logged_sets ADD COLUMN user_program_state_id VARCHAR(36) REFERENCES user_program_states (id) ON DELETE CASCADE;
