ALTER TABLE workout_sessions DROP COLUMN session_seq;
ALTER TABLE user_program_states DROP COLUMN week_seq;
ALTER TABLE user_program_states DROP COLUMN cycle_seq;
ALTER TABLE user_program_states DROP COLUMN enrollment_seq;
