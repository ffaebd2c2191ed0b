-- The program catalog; one row per specs/programs/<slug>.yaml.
CREATE TABLE programs (
    slug VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(128) NOT NULL
);
