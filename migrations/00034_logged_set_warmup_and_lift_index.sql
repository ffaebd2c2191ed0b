-- Personal records and lift history (issue 12): a logged set says whether it was a warm-up
-- (warm-ups never count for records, e1RM, volume or hard sets), and a user's sets of one lift
-- are found through an index, as records and lift history read them lift by lift. Existing sets
-- (legacy ones included) were all work sets: no program prescribed warm-ups before.
ALTER TABLE logged_sets ADD COLUMN warmup BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX ix_logged_sets_user_lift ON logged_sets (user_id, lift_slug, logged_at);
