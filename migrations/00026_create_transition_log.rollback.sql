DROP INDEX ix_transition_log_user_time;
DROP TABLE transition_log;
