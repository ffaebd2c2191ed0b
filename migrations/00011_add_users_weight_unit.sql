ALTER TABLE users ADD COLUMN weight_unit VARCHAR(2) NOT NULL DEFAULT 'lb' CHECK (weight_unit IN ('lb', 'kg'));
