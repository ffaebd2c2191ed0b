-- Stage progressions (GZCLP tiers) keep the stage per slot; data keeps rule-specific values.
ALTER TABLE progression_states ADD COLUMN stage INTEGER NOT NULL DEFAULT 0 CHECK (stage >= 0);
ALTER TABLE progression_states ADD COLUMN data JSON;
