DROP INDEX ux_user_program_states_live_user;
CREATE UNIQUE INDEX ux_user_program_states_user ON user_program_states (user_id);
ALTER TABLE user_program_states DROP COLUMN week_status;
ALTER TABLE user_program_states DROP COLUMN cycle_status;
ALTER TABLE user_program_states DROP COLUMN enrollment_status;
