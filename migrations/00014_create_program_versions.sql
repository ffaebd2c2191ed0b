-- Programs change while people follow them: each loaded content hash is kept with its YAML.
CREATE TABLE program_versions (
    id VARCHAR(64) NOT NULL PRIMARY KEY,
    program_slug VARCHAR(64) NOT NULL REFERENCES programs (slug),
    content_yaml TEXT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);
CREATE INDEX ix_program_versions_program ON program_versions (program_slug, loaded_at);
