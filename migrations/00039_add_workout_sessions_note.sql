-- A lifter's note on a workout (issue 12): given at start or finish, changed later with
-- PATCH /workouts/{id}; at most 1,000 characters, like a set's note (logged_sets.note).
ALTER TABLE workout_sessions ADD COLUMN note VARCHAR(1000);
-- The stored answers now show each barbell set's plates (00038) and the workout's note: those
-- stored before lack them. NULL: the read side renders the answer from its rows until the next
-- change stores it again (as for rows from before 00032).
UPDATE user_program_states SET answer = NULL;
UPDATE workout_sessions SET answer = NULL;
