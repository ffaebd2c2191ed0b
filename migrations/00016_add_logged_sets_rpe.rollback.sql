ALTER TABLE logged_sets DROP COLUMN rpe;
