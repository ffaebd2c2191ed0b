ALTER TABLE workout_sessions DROP COLUMN note;
