-- A user's entered maxes, one per lift.
CREATE TABLE lift_maxes (
    id VARCHAR(36) NOT NULL PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    lift_slug VARCHAR(64) NOT NULL REFERENCES lifts (slug),
    weight NUMERIC(10, 3) NOT NULL CHECK (weight > 0),
    unit VARCHAR(2) NOT NULL CHECK (unit IN ('lb', 'kg')),
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX ux_lift_maxes_user_lift ON lift_maxes (user_id, lift_slug);
