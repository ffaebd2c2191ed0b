-- A lifter's equipment (issue 12): their bar and the plates they own per unit, with counts, and
-- whether they own microplates, as PUT /users/me/equipment sent it. NULL: never said, a standard
-- gym's (engine/programs/plates.py). Prescribed barbell sets are loaded with these plates.
ALTER TABLE users ADD COLUMN equipment JSON;
