-- The answers the read endpoints return, stored when they change (engine/handlers/stored_state.py)
-- as the JSON the API sends: an enrollment's (its slots, its next workout prescribed, the state
-- block) and a workout's (its sets with what was logged). NULL: not stored yet (rows from before
-- this migration); the read side renders those until the next change stores them.
ALTER TABLE user_program_states ADD COLUMN answer JSON;
ALTER TABLE workout_sessions ADD COLUMN answer JSON;
