-- The values an enrollment chose for its program's options (engine/programs/options.py), every
-- option of the program with the default filled in, so a later default leaves it unchanged.
-- NULL: the program has no options (or the enrollment is from before them: defaults apply).
ALTER TABLE user_program_states ADD COLUMN options JSON;
