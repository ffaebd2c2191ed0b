UPDATE user_program_states SET
    cycle_status = (SELECT c.cycle_status FROM backfill_00025_changes c
                    WHERE c.user_program_state_id = user_program_states.id),
    week_status = (SELECT c.week_status FROM backfill_00025_changes c
                   WHERE c.user_program_state_id = user_program_states.id)
    WHERE id IN (SELECT user_program_state_id FROM backfill_00025_changes);
DROP TABLE backfill_00025_changes;
