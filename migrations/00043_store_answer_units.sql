-- The unit every weight of a stored answer is shown in: its owner's weight unit when it was
-- stored (engine/handlers/stored_state.py). A read by a user of that unit (the owner, almost
-- always) sends the stored answer as it is, with no conversion walk; any other reader, or a
-- row stored before this migration (NULL), gets the answer rendered from its rows.
ALTER TABLE user_program_states ADD COLUMN answer_unit VARCHAR(8);
ALTER TABLE workout_sessions ADD COLUMN answer_unit VARCHAR(8);
