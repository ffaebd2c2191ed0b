ALTER TABLE workout_sessions DROP COLUMN answer;
ALTER TABLE user_program_states DROP COLUMN answer;
