DROP INDEX ix_logged_sets_session;
