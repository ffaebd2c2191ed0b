-- The sets a workout prescribed, fixed when it starts: history shows what was prescribed even
-- after progressions move the weights, and logged sets are checked against it.
ALTER TABLE workout_sessions ADD COLUMN prescription JSON;
