DROP INDEX ux_users_email;
DROP TABLE users;
