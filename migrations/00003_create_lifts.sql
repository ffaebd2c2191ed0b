-- The lift catalog; its rows mirror specs/lifts.yaml.
CREATE TABLE lifts (
    slug VARCHAR(64) NOT NULL PRIMARY KEY,
    name VARCHAR(128) NOT NULL
);
