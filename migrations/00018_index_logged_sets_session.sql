CREATE INDEX ix_logged_sets_session ON logged_sets (session_id, set_index);
