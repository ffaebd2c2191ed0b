-- History pages list a user's sets newest first.
CREATE INDEX ix_logged_sets_user_time ON logged_sets (user_id, logged_at);
