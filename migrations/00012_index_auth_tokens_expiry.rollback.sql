DROP INDEX ix_auth_tokens_expires_at;
