ALTER TABLE user_program_states DROP COLUMN program_version_id;
