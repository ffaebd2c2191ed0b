ALTER TABLE users ADD COLUMN role VARCHAR(16) NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'));
