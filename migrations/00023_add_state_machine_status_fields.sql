-- Every level's state is persisted explicitly: one column each, guarded by CHECK.
ALTER TABLE user_program_states ADD COLUMN enrollment_status VARCHAR(16) NOT NULL DEFAULT 'ACTIVE'
    CHECK (enrollment_status IN ('ACTIVE', 'BETWEEN_CYCLES', 'QUIT'));
ALTER TABLE user_program_states ADD COLUMN cycle_status VARCHAR(16) NOT NULL DEFAULT 'PENDING'
    CHECK (cycle_status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED'));
ALTER TABLE user_program_states ADD COLUMN week_status VARCHAR(16) NOT NULL DEFAULT 'PENDING'
    CHECK (week_status IN ('PENDING', 'IN_PROGRESS', 'COMPLETED'));
-- A quit enrollment stays as history, so only live enrollments are unique per user.
DROP INDEX ux_user_program_states_user;
CREATE UNIQUE INDEX ux_user_program_states_live_user ON user_program_states (user_id)
    WHERE enrollment_status <> 'QUIT';
