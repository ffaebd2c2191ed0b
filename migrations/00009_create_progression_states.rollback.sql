DROP INDEX ux_progression_states_slot;
DROP TABLE progression_states;
