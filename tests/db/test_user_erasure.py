"""Deleting an account erases the rows of every table a user owns: the list in
engine/db/user_data.py must name each table that holds a user's rows."""

from __future__ import annotations

from engine.db.models import Base, User
from engine.db.user_data import ERASED

# Columns that make a row a user's: theirs directly, or one of their enrollments'.
OWNER_COLUMNS = ("user_id", "user_program_state_id")


def test_every_table_with_a_users_rows_is_erased():
    erased = {table.name for table, _ in ERASED}
    owned = {table.name for table in Base.metadata.sorted_tables
             if any(name in table.c for name in OWNER_COLUMNS)
             or any(fk.column.table is User.__table__ for fk in table.foreign_keys)}

    assert owned - erased == set(), "add these tables to engine.db.user_data.ERASED"
    assert erased <= owned  # and the list names nothing else


def test_children_are_erased_before_the_rows_they_refer_to():
    order = [table.name for table, _ in ERASED]
    for position, (table, _) in enumerate(ERASED):
        parents = {fk.column.table.name for fk in table.foreign_keys}
        assert not parents & set(order[:position]), f"{table.name} is erased after a table it refers to"
