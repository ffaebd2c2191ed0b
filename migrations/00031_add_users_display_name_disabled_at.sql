-- Accounts a lifter manages (GET/PATCH /users/me) and an operator administers
-- (powerpro users disable/enable): the name shown instead of the email, and since when the
-- account is disabled (NULL: it may sign in).
ALTER TABLE users ADD COLUMN display_name VARCHAR(64);
ALTER TABLE users ADD COLUMN disabled_at TIMESTAMP;
