-- Answers stored with plates and notes are not the older code's: it renders them again.
UPDATE user_program_states SET answer = NULL;
UPDATE workout_sessions SET answer = NULL;
ALTER TABLE workout_sessions DROP COLUMN note;
