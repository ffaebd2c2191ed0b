-- Before 00013 a user had one max per lift; since, one per lift and rep count.
-- precondition: SELECT user_id, lift_slug, COUNT(*) AS maxes FROM lift_maxes GROUP BY user_id, lift_slug HAVING COUNT(*) > 1
-- because: some users have maxes of one lift at several rep counts and before 00013 a user has one per lift; delete the extra ones first
DROP INDEX ux_lift_maxes_user_lift_reps;
ALTER TABLE lift_maxes DROP COLUMN reps;
CREATE UNIQUE INDEX ux_lift_maxes_user_lift ON lift_maxes (user_id, lift_slug);
