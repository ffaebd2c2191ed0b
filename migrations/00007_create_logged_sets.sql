-- Sets as logged by the app. session_id was made by the client (no sessions table yet).
CREATE TABLE logged_sets (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id VARCHAR(64) NOT NULL,
    lift_slug VARCHAR(64) NOT NULL REFERENCES lifts (slug),
    weight NUMERIC(10, 3) NOT NULL CHECK (weight >= 0),
    unit VARCHAR(2) NOT NULL CHECK (unit IN ('lb', 'kg')),
    reps INTEGER NOT NULL CHECK (reps >= 0),
    logged_at TIMESTAMP NOT NULL
);
