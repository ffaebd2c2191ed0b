-- Back to the three states: a completed enrollment becomes history the old schema knows, QUIT.
DROP INDEX ux_user_program_states_live_user;
ALTER TABLE user_program_states ADD COLUMN enrollment_status_old VARCHAR(16) NOT NULL DEFAULT 'ACTIVE'
    CHECK (enrollment_status_old IN ('ACTIVE', 'BETWEEN_CYCLES', 'QUIT'));
UPDATE user_program_states SET enrollment_status_old =
    CASE WHEN enrollment_status = 'COMPLETED' THEN 'QUIT' ELSE enrollment_status END;
ALTER TABLE user_program_states DROP COLUMN enrollment_status;
ALTER TABLE user_program_states RENAME COLUMN enrollment_status_old TO enrollment_status;
CREATE UNIQUE INDEX ux_user_program_states_live_user ON user_program_states (user_id)
    WHERE enrollment_status <> 'QUIT';
