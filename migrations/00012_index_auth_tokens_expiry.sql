-- Expired tokens are purged by expiry.
CREATE INDEX ix_auth_tokens_expires_at ON auth_tokens (expires_at);
