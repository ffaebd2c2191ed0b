DROP INDEX ux_lift_maxes_user_lift_reps;
ALTER TABLE lift_maxes DROP COLUMN reps;
CREATE UNIQUE INDEX ux_lift_maxes_user_lift ON lift_maxes (user_id, lift_slug);
