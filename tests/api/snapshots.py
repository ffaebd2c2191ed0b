"""Every row of every table: to show that a refused request wrote nothing at all."""

from __future__ import annotations

from sqlalchemy import select

from engine.db.models import Base


def database_snapshot(db_engine) -> dict[str, list[tuple]]:
    """Each table's rows, sorted (by their text, so NULLs and mixed types sort too)."""
    with db_engine.connect() as conn:
        return {table.name: sorted((tuple(row) for row in conn.execute(select(table))), key=repr)
                for table in Base.metadata.sorted_tables}
