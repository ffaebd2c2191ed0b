ALTER TABLE workout_sessions DROP COLUMN answer_unit;
ALTER TABLE user_program_states DROP COLUMN answer_unit;
