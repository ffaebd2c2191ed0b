DROP INDEX ix_auth_tokens_user;
DROP TABLE auth_tokens;
