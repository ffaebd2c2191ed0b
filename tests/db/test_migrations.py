"""The schema history: the models agree with the migrated schema, and it rolls back cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect

from cli.main import cli
from engine.db.connection import make_engine
from engine.db.migration_checks import CHECKSUM_TABLE
from engine.db.models import Base

# yoyo's own tables and the checksums of applied files (engine/db/migration_checks.py).
YOYO_TABLES = {"_yoyo_log", "_yoyo_migration", "_yoyo_version", "yoyo_lock", CHECKSUM_TABLE}


def app_tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names()) - YOYO_TABLES
    finally:
        engine.dispose()


def schema_differences(url: str) -> list:
    """Alembic's comparison of the models with the live schema; foreign keys compared by hand.

    SQLAlchemy does not reflect ON DELETE from SQLite, so alembic would report every cascading
    key as changed there; :func:`foreign_keys` compares them on both engines instead.
    """
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diffs = compare_metadata(context, Base.metadata)
        return [d for d in diffs if not _is_yoyo(d) and _kind(d) not in ("add_fk", "remove_fk")]
    finally:
        engine.dispose()


def _kind(diff) -> str:
    return diff[0] if isinstance(diff, tuple) else diff[0][0]


def _is_yoyo(diff) -> bool:
    return _kind(diff) == "remove_table" and diff[1].name in YOYO_TABLES


def foreign_keys(url: str) -> set[tuple]:
    """(table, column, referred table, referred column, on delete) for every foreign key."""
    engine = make_engine(url)
    try:
        found = set()
        with engine.connect() as conn:
            for table in Base.metadata.tables:
                if url.startswith("sqlite"):
                    rows = conn.exec_driver_sql(f"PRAGMA foreign_key_list({table})").mappings()
                    found |= {(table, r["from"], r["table"], r["to"], _on_delete(r["on_delete"])) for r in rows}
                else:
                    for fk in inspect(conn).get_foreign_keys(table):
                        on_delete = _on_delete(fk["options"].get("ondelete"))
                        found.add(
                            (
                                table,
                                fk["constrained_columns"][0],
                                fk["referred_table"],
                                fk["referred_columns"][0],
                                on_delete,
                            )
                        )
        return found
    finally:
        engine.dispose()


def _on_delete(value) -> str:
    return (value or "NO ACTION").upper()


def model_foreign_keys() -> set[tuple]:
    return {
        (fk.parent.table.name, fk.parent.name, fk.column.table.name, fk.column.name, _on_delete(fk.ondelete))
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
    }


def test_models_agree_with_the_migrated_schema(empty_url, migrator):
    migrator.apply()
    assert app_tables(empty_url) == set(Base.metadata.tables)
    assert schema_differences(empty_url) == []
    assert foreign_keys(empty_url) == model_foreign_keys()


def test_partial_unique_indexes_exist(empty_url, migrator):
    migrator.apply()
    engine = make_engine(empty_url)
    indexes = {ix["name"]: ix for ix in inspect(engine).get_indexes("workout_sessions")}
    engine.dispose()
    one_in_progress = indexes["ux_workout_sessions_one_in_progress"]
    assert one_in_progress["unique"] and one_in_progress["column_names"] == ["user_program_state_id"]
    (where,) = [v for k, v in one_in_progress["dialect_options"].items() if k.endswith("_where")]
    assert "status" in str(where) and "IN_PROGRESS" in str(where)


def test_everything_rolls_back_to_empty_and_up_again(empty_url, migrator):
    applied = migrator.apply()
    assert applied[22] == "00023_add_state_machine_status_fields"
    assert applied[23] == "00024_create_workout_sessions_table"
    rolled = migrator.rollback()
    assert rolled == list(reversed(applied))
    assert app_tables(empty_url) == set()
    assert migrator.apply() == applied
    assert schema_differences(empty_url) == []


def test_migrate_cli_applies_lists_and_rolls_back(empty_url):
    runner = CliRunner()
    url = ["--database-url", empty_url]
    result = runner.invoke(cli, ["migrate", "apply", *url, "--to", "00022_index_progression_logs_user_time"])
    assert result.exit_code == 0, result.output
    assert "applied 22 migration(s)" in result.output
    listing = runner.invoke(cli, ["migrate", "list", *url]).output.splitlines()
    assert listing[21] == "[x] 00022_index_progression_logs_user_time"
    assert listing[22] == "[ ] 00023_add_state_machine_status_fields"
    assert "user_program_states" in app_tables(empty_url) and "workout_sessions" not in app_tables(empty_url)
    assert runner.invoke(cli, ["migrate", "apply", *url]).exit_code == 0
    steps = len(listing) - 25  # back to 00025, however many migrations follow 00026
    result = runner.invoke(cli, ["migrate", "rollback", *url, "--steps", str(steps)])
    assert result.exit_code == 0 and f"rolled back {steps} migration(s)" in result.output
    assert "transition_log" not in app_tables(empty_url) and "workout_sessions" in app_tables(empty_url)
    bad = runner.invoke(cli, ["migrate", "rollback", *url, "--to", "00099_nope"])
    assert bad.exit_code == 2 and "unknown migration" in bad.output
