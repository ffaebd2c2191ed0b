DROP INDEX ix_logged_sets_user_time;
