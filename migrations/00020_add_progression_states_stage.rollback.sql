ALTER TABLE progression_states DROP COLUMN data;
ALTER TABLE progression_states DROP COLUMN stage;
