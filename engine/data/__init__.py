"""Data files the engine ships (a package, so setuptools installs them): see README.md here."""
