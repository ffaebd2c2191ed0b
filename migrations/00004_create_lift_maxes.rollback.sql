DROP INDEX ux_lift_maxes_user_lift;
DROP TABLE lift_maxes;
