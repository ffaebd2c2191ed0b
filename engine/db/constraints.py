"""What a status column's CHECK constraint allows, read from a live database or the migrations.

SQLAlchemy's inspector reads the constraints on both engines (PostgreSQL's ``pg_constraint``,
SQLite's ``sqlite_master`` SQL); the allowed values are the string literals of the constraint
that names the column (``status IN ('A', 'B')``, or PostgreSQL's ``status::text = ANY
(ARRAY['A'::character varying, ...])``). ``migrated_schema`` answers the same question for the
schema ``migrations/`` builds, without a server: every migration applied, in order, to an
in-memory SQLite database.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, inspect
from sqlalchemy.pool import StaticPool

_LITERAL = re.compile(r"'((?:[^']|'')*)'")
_MIGRATION = re.compile(r"^(\d+)_.*(?<!\.rollback)\.sql$")


class MissingTable(LookupError):
    pass


def allowed_values(db: Engine, table: str, column: str) -> frozenset[str] | None:
    """The values the CHECK constraint on ``table.column`` lists; None when none lists any."""
    inspector = inspect(db)
    if not inspector.has_table(table):
        raise MissingTable(table)
    named = re.compile(rf"(?<![\w.]){re.escape(column)}(?!\w)")
    for check in inspector.get_check_constraints(table):
        text = check["sqltext"]
        values = _LITERAL.findall(text)
        if values and named.search(_LITERAL.sub("''", text)):
            return frozenset(value.replace("''", "'") for value in values)
    return None


def migration_files(directory: Path) -> list[Path]:
    """The forward migrations of ``directory``, in the order yoyo applies them."""
    return sorted(path for path in directory.iterdir() if _MIGRATION.match(path.name))


def next_migration_number(directory: Path) -> str:
    numbers = [int(_MIGRATION.match(path.name).group(1)) for path in migration_files(directory)]
    return f"{max(numbers, default=0) + 1:05d}"


@contextmanager
def migrated_schema(directory: Path) -> Iterator[Engine]:
    """An in-memory SQLite database with every migration of ``directory`` applied."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    try:
        for path in migration_files(directory):
            connection.executescript(path.read_text(encoding="utf-8"))
        db = create_engine("sqlite://", creator=lambda: connection, poolclass=StaticPool)
        try:
            yield db
        finally:
            db.dispose()
    finally:
        connection.close()
