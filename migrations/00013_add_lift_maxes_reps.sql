-- Some programs start from a rep max other than the 1RM (GZCLP's 5RM), so a max names its reps.
DROP INDEX ux_lift_maxes_user_lift;
ALTER TABLE lift_maxes ADD COLUMN reps INTEGER NOT NULL DEFAULT 1 CHECK (reps >= 1);
CREATE UNIQUE INDEX ux_lift_maxes_user_lift_reps ON lift_maxes (user_id, lift_slug, reps);
