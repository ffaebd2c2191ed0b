-- Enrollments that had started a workout before the state machines existed are mid-cycle
-- and mid-week (enrollment_status is already ACTIVE by the default of 00023). The rows
-- changed are recorded so that the rollback restores exactly them.
CREATE TABLE backfill_00025_changes (
    user_program_state_id VARCHAR(36) NOT NULL PRIMARY KEY,
    cycle_status VARCHAR(16) NOT NULL,
    week_status VARCHAR(16) NOT NULL
);
INSERT INTO backfill_00025_changes (user_program_state_id, cycle_status, week_status)
    SELECT id, cycle_status, week_status
    FROM user_program_states
    WHERE current_day_index IS NOT NULL AND enrollment_status = 'ACTIVE';
UPDATE user_program_states SET cycle_status = 'IN_PROGRESS', week_status = 'IN_PROGRESS'
    WHERE id IN (SELECT user_program_state_id FROM backfill_00025_changes);
