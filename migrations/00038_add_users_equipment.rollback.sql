ALTER TABLE users DROP COLUMN equipment;
