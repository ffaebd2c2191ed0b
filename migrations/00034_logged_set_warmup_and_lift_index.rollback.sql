DROP INDEX ix_logged_sets_user_lift;
ALTER TABLE logged_sets DROP COLUMN warmup;
