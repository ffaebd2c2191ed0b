CREATE INDEX ix_progression_logs_user_time ON progression_logs (user_id, applied_at);
