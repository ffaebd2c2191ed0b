DROP INDEX ux_user_program_states_user;
DROP TABLE user_program_states;
