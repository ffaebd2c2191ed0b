-- Before 00023 a user had at most one enrollment; since, a quit one stays as history.
-- precondition: SELECT user_id, COUNT(*) AS enrollments FROM user_program_states GROUP BY user_id HAVING COUNT(*) > 1
-- because: some users have several enrollments (they quit and enrolled again) and before 00023 a user has one; delete the quit ones first
DROP INDEX ux_user_program_states_live_user;
CREATE UNIQUE INDEX ux_user_program_states_user ON user_program_states (user_id);
ALTER TABLE user_program_states DROP COLUMN week_status;
ALTER TABLE user_program_states DROP COLUMN cycle_status;
ALTER TABLE user_program_states DROP COLUMN enrollment_status;
