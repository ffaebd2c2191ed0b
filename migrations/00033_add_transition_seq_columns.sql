-- Each machine's transition count, kept on the row its state lives on: a transition increments
-- it in the same UPDATE that writes the new state, and the transition-log row takes it as its
-- seq. The row is locked before it changes (docs/decisions/0004-lock-order-and-retries.md), so
-- no transition has to read max(seq) from the log first. Backfilled from the log: a row's count
-- is its machine's highest seq (0 when nothing was logged, as for data from before 00026).
ALTER TABLE user_program_states ADD COLUMN enrollment_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_program_states ADD COLUMN cycle_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE user_program_states ADD COLUMN week_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE workout_sessions ADD COLUMN session_seq INTEGER NOT NULL DEFAULT 0;
UPDATE user_program_states SET
    enrollment_seq = COALESCE((SELECT max(seq) FROM transition_log
                               WHERE machine = 'enrollment' AND entity_id = user_program_states.id), 0),
    cycle_seq = COALESCE((SELECT max(seq) FROM transition_log
                          WHERE machine = 'cycle' AND entity_id = user_program_states.id), 0),
    week_seq = COALESCE((SELECT max(seq) FROM transition_log
                         WHERE machine = 'week' AND entity_id = user_program_states.id), 0);
UPDATE workout_sessions SET
    session_seq = COALESCE((SELECT max(seq) FROM transition_log
                            WHERE machine = 'session' AND entity_id = workout_sessions.id), 0);
