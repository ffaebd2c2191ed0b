-- The version an enrollment runs its current cycle on.
ALTER TABLE user_program_states ADD COLUMN program_version_id VARCHAR(64) REFERENCES program_versions (id);
