ALTER TABLE user_program_states DROP COLUMN record_bests;
