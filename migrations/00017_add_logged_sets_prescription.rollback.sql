ALTER TABLE logged_sets DROP COLUMN user_program_state_id;
ALTER TABLE logged_sets DROP COLUMN target_reps;
ALTER TABLE logged_sets DROP COLUMN set_index;
