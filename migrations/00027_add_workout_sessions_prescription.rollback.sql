ALTER TABLE workout_sessions DROP COLUMN prescription;
