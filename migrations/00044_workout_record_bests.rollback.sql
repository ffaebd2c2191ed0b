ALTER TABLE workout_sessions DROP COLUMN record_bests;
