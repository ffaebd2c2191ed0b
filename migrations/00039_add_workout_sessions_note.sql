-- A lifter's note on a workout (issue 12): given at start or finish, changed later with
-- PATCH /workouts/{id}; at most 1,000 characters, like a set's note (logged_sets.note).
ALTER TABLE workout_sessions ADD COLUMN note VARCHAR(1000);
