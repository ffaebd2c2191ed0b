-- The enrollment machine's COMPLETED state (after_cycle: end: the last cycle is done). Like
-- QUIT it is history: the lifter may enroll again, so the one-live-enrollment index leaves it out.
-- A CHECK constraint cannot be altered on SQLite, so the column is rebuilt the way both engines
-- can: a new column with the new CHECK, the values copied, the old column dropped, the new renamed.
DROP INDEX ux_user_program_states_live_user;
ALTER TABLE user_program_states ADD COLUMN enrollment_status_new VARCHAR(16) NOT NULL DEFAULT 'ACTIVE'
    CHECK (enrollment_status_new IN ('ACTIVE', 'BETWEEN_CYCLES', 'COMPLETED', 'QUIT'));
UPDATE user_program_states SET enrollment_status_new = enrollment_status;
ALTER TABLE user_program_states DROP COLUMN enrollment_status;
ALTER TABLE user_program_states RENAME COLUMN enrollment_status_new TO enrollment_status;
CREATE UNIQUE INDEX ux_user_program_states_live_user ON user_program_states (user_id)
    WHERE enrollment_status NOT IN ('QUIT', 'COMPLETED');
