DROP INDEX ix_program_versions_program;
DROP TABLE program_versions;
