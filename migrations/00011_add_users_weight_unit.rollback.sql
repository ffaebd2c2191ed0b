ALTER TABLE users DROP COLUMN weight_unit;
