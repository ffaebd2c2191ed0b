"""Persistence: ORM models, engine creation, migrations and the unit of work."""
