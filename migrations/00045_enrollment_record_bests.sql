-- The lifter's personal bests as a finished (or abandoned) workout of the enrollment left them,
-- for every lift its workouts prescribed (engine/queries/record_bests.py): the next workout starts
-- with them, so its first set reads no history. NULL: not known (before this migration, or sets
-- changed otherwise than by a log-set): the next workout's first set reads the history, as before.
ALTER TABLE user_program_states ADD COLUMN record_bests JSON;
