-- Lifters and admins. Ids are UUID strings so the same SQL runs on SQLite and PostgreSQL.
CREATE TABLE users (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_users_email ON users (email);
