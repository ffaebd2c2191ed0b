ALTER TABLE logged_sets ADD COLUMN rpe NUMERIC(3, 1) CHECK (rpe IS NULL OR (rpe >= 1 AND rpe <= 10));
