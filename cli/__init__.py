"""The ``powerpro`` command line: one entry point for operators and program authors."""
