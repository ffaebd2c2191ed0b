DROP TABLE logged_sets;
