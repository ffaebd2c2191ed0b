-- The lifter's personal bests for the lifts of the workout in progress (engine/queries/record_bests.py):
-- worked out once when the workout starts and moved on by each set logged in it, in the UPDATE
-- that writes the workout's answer, so a log-set says which records it broke without reading the
-- lifter's history. NULL: not known (a workout started before this migration, or sets changed
-- otherwise than by a log-set of this workout): the next log-set reads the history again.
ALTER TABLE workout_sessions ADD COLUMN record_bests JSON;
