"""Migrations an operator can trust: one lock, checksums of applied files, rollbacks that either
complete or refuse before changing anything, each step in a transaction (both engines)."""

from __future__ import annotations

import logging.config
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from cli.main import cli
from engine.config import PROJECT_ROOT, Settings
from engine.db.connection import make_engine
from engine.db.migration_checks import CHECKSUM_TABLE, preconditions, refuse_failing_rollbacks, stored
from engine.db.migration_lock import migration_lock
from engine.db.migrations import Migrator
from engine.operator_errors import EditedMigration, MigrationFailed, MigrationLocked, RollbackRefused
from tests.db.test_migrations import app_tables, schema_differences

EVERY = sorted(p.stem for p in (PROJECT_ROOT / "migrations").glob("*.sql") if not p.stem.endswith(".rollback"))
LAST = EVERY[-1]



@pytest.fixture(autouse=True)
def logging_left_alone(monkeypatch):
    """`serve` configures logging for the whole process before its checks; not this one's."""
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)


def run_sql(url: str, *statements: str) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def applied_ids(url: str, directory=None) -> list[str]:
    with Migrator(url, directory) as m:
        return [s.id for s in m.status() if s.applied]


@pytest.fixture
def own_migrations(tmp_path, monkeypatch):
    """A copy of migrations/ that a test may edit; the CLI's Migrator reads it too."""
    directory = tmp_path / "migrations"
    shutil.copytree(PROJECT_ROOT / "migrations", directory)
    monkeypatch.setattr("engine.db.migrations.settings", lambda: Settings(migrations_dir=directory))
    return directory


def test_two_applies_at_once_apply_everything_exactly_once(empty_url):
    command = [sys.executable, "-c", "from cli.main import cli; cli()", "migrate", "apply", "--database-url", empty_url]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    counts = sorted(out.splitlines()[0] for out, _err in outputs)
    assert counts == ["applied 0 migration(s)", f"applied {len(EVERY)} migration(s)"], outputs
    assert all(err == "" for _out, err in outputs), outputs
    assert applied_ids(empty_url) == EVERY
    assert schema_differences(empty_url) == []


def test_a_second_migrator_waits_for_the_lock_and_gives_up_in_one_line(empty_url, migrator):
    with (Migrator(empty_url, lock_timeout=0.3) as other, migration_lock(migrator.backend, 1),
          pytest.raises(MigrationLocked, match="run the command again")):
        other.apply()
    assert applied_ids(empty_url) == []


def test_an_edited_applied_migration_is_refused_by_list_apply_rollback_and_serve(empty_url, own_migrations):
    with Migrator(empty_url, own_migrations) as m:
        m.apply("00026_create_transition_log")
    edited = own_migrations / "00024_create_workout_sessions_table.sql"
    edited.write_text(edited.read_text() + "\n-- a harmless-looking comment\n")
    runner = CliRunner()
    for command in (["migrate", "list"], ["migrate", "apply"], ["migrate", "rollback"], ["serve"]):
        result = runner.invoke(cli, [*command, "--database-url", empty_url])
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.splitlines() == [
            f"Error: {os.path.relpath(edited)} was edited after it was applied to this database:"
            " restore the applied version and put the change in a new migration"
        ]
    edited.write_text(edited.read_text().replace("\n-- a harmless-looking comment\n", ""))
    assert applied_ids(empty_url, own_migrations)[-1] == "00026_create_transition_log"  # apply added nothing


def test_an_edited_pending_migration_and_a_crlf_checkout_are_not_edits(empty_url, own_migrations):
    with Migrator(empty_url, own_migrations) as m:
        m.apply(EVERY[-2])
        crlf = own_migrations / "00001_create_users.sql"
        crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
        pending = own_migrations / f"{LAST}.sql"
        pending.write_text(pending.read_text() + "\n-- edited before it ran: fine\n")
        assert m.apply() == [LAST]


def test_a_database_migrated_before_checksums_gets_them_recorded_once(empty_url, own_migrations):
    with Migrator(empty_url, own_migrations) as m:
        m.apply()
    run_sql(empty_url, f"DROP TABLE {CHECKSUM_TABLE}")
    assert applied_ids(empty_url, own_migrations) == EVERY  # records the files as they are now
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(text(f"SELECT COUNT(*) FROM {CHECKSUM_TABLE}")).scalar_one() == len(EVERY)
    engine.dispose()
    edited = own_migrations / "00003_create_lifts.sql"
    edited.write_text(edited.read_text() + "\n-- edited\n")
    with Migrator(empty_url, own_migrations) as m, pytest.raises(EditedMigration, match="00003_create_lifts.sql"):
        m.status()


USER = "10000000-0000-4000-8000-000000000001"


def re_enrolled_user(url: str) -> None:
    """A lifter who quit and enrolled again: two enrollments, one QUIT (allowed since 00023)."""
    run_sql(
        url,
        "INSERT INTO users (id, email, password_hash, created_at) "
        f"VALUES ('{USER}', 'a@example.com', 'x', '2026-11-01')",
        "INSERT INTO programs (slug, name) VALUES ('gzclp', 'GZCLP')",
        *(f"INSERT INTO user_program_states (id, user_id, program_slug, enrolled_at, updated_at, enrollment_status) "
          f"VALUES ('2000000{n}-0000-4000-8000-000000000000', '{USER}', 'gzclp', '2026-11-0{n}', '2026-11-0{n}', "
          f"'{status}')"
          for n, status in ((1, "QUIT"), (2, "ACTIVE"))),
    )


def test_a_rollback_that_would_fail_halfway_is_refused_before_anything_changes(empty_url, migrator):
    migrator.apply()
    re_enrolled_user(empty_url)
    tables = app_tables(empty_url)
    with pytest.raises(RollbackRefused) as refused:
        migrator.rollback("00022_index_progression_logs_user_time")
    assert str(refused.value).startswith(
        "cannot roll back 00023_add_state_machine_status_fields: some users have several enrollments")
    assert f"e.g. user_id={USER}, enrollments=2" in str(refused.value)
    assert "nothing was rolled back" in str(refused.value)
    assert applied_ids(empty_url) == EVERY
    assert app_tables(empty_url) == tables and schema_differences(empty_url) == []
    assert migrator.rollback(steps=2) == [LAST, EVERY[-2]]  # later steps are fine


def test_the_cli_prints_the_refusal_in_one_line(empty_url, migrator):
    migrator.apply()
    re_enrolled_user(empty_url)
    result = CliRunner().invoke(cli, ["migrate", "rollback", "--all", "--yes", "--database-url", empty_url])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("Error: cannot roll back 00023_add_state_machine_status_fields: ")
    assert applied_ids(empty_url) == EVERY


def test_a_failing_rollback_step_is_undone_whole_and_stays_applied(empty_url, own_migrations):
    """No precondition covers this one: its transaction undoes the statements that had run."""
    rollback = own_migrations / f"{LAST}.rollback.sql"
    rollback.write_text("DROP INDEX ix_transition_log_user_time;\nDROP TABLE no_such_table;\n"
                        + rollback.read_text())
    with Migrator(empty_url, own_migrations) as m:
        m.apply()
        with pytest.raises(MigrationFailed, match=f"rollback of {LAST} failed, so none of it was done.*no_such_table"):
            m.rollback(steps=1)
    assert applied_ids(empty_url, own_migrations) == EVERY
    assert schema_differences(empty_url) == []  # the index dropped first is back


def test_rollback_all_asks_first(empty_url, migrator, monkeypatch):
    migrator.apply()
    runner = CliRunner()
    url = ["--database-url", empty_url]
    refused = runner.invoke(cli, ["migrate", "rollback", "--all", *url])
    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "Error: rollback --all drops every table and all their data: add --yes to confirm"]
    monkeypatch.setattr("cli.migrate._interactive", lambda: True)
    declined = runner.invoke(cli, ["migrate", "rollback", "--all", *url], input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert f"Roll back every migration of {empty_url}, dropping every table" in declined.output
    assert applied_ids(empty_url) == EVERY
    confirmed = runner.invoke(cli, ["migrate", "rollback", "--all", *url], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert f"rolled back {len(EVERY)} migration(s)" in confirmed.output and app_tables(empty_url) == set()


def test_every_rollback_precondition_runs_on_a_migrated_database(empty_url, migrator):
    """Each declared query is valid SQL on this engine and finds nothing in an empty database."""
    migrator.apply()
    guarded = {m.id: preconditions(m) for m in migrator.migrations if preconditions(m)}
    assert set(guarded) == {"00013_add_lift_maxes_reps", "00023_add_state_machine_status_fields"}
    assert all(c.reason.endswith("first") for conditions in guarded.values() for c in conditions)
    refuse_failing_rollbacks(migrator.backend, migrator.migrations)  # raises on a broken query


def test_a_non_transactional_migration_is_still_checksummed(empty_url, own_migrations):
    """`-- transactional: false` (CREATE INDEX CONCURRENTLY, say) runs outside a transaction,
    as yoyo does; its checksum is recorded and forgotten all the same."""
    (own_migrations / "00099_index_users_created.sql").write_text(
        "-- transactional: false\nCREATE INDEX ix_users_created ON users (created_at);\n")
    (own_migrations / "00099_index_users_created.rollback.sql").write_text("DROP INDEX ix_users_created;\n")
    with Migrator(empty_url, own_migrations) as m:
        assert m.apply()[-1] == "00099_index_users_created"
        assert "00099_index_users_created" in stored(m.backend)
        assert m.rollback(steps=1) == ["00099_index_users_created"]
        assert "00099_index_users_created" not in stored(m.backend)


def test_a_precondition_deep_in_the_chain_refuses_the_whole_rollback(empty_url, migrator):
    """Every rollback down to 00014 would succeed; 00013's cannot, so none runs."""
    migrator.apply()
    run_sql(
        empty_url,
        "INSERT INTO users (id, email, password_hash, created_at) "
        f"VALUES ('{USER}', 'a@example.com', 'x', '2026-11-01')",
        "INSERT INTO lifts (slug, name) VALUES ('squat', 'Squat')",
        *(f"INSERT INTO lift_maxes (id, user_id, lift_slug, weight, unit, updated_at, reps) VALUES "
          f"('3000000{reps}-0000-4000-8000-000000000000', '{USER}', 'squat', 100, 'kg', '2026-11-01', {reps})"
          for reps in (1, 5)),
    )
    with pytest.raises(RollbackRefused, match="^cannot roll back 00013_add_lift_maxes_reps: some users have maxes"):
        migrator.rollback("00012_index_auth_tokens_expiry")
    assert applied_ids(empty_url) == EVERY and schema_differences(empty_url) == []


def test_an_older_version_refuses_to_roll_back_what_a_newer_one_applied(empty_url, own_migrations):
    """Its rollbacks would drop tables the newer migrations built on, and leave those recorded
    as applied: it refuses, naming the migration it does not know, and changes nothing."""
    newest = PROJECT_ROOT / "migrations"
    with Migrator(empty_url, newest) as newer:
        newer.apply()
    for path in own_migrations.glob(f"{LAST}.*"):  # the older version: the newest migration not written yet
        path.unlink()
    tables = app_tables(empty_url)
    with Migrator(empty_url, own_migrations) as older, pytest.raises(RollbackRefused) as refused:
        older.rollback(steps=1)
    assert str(refused.value).startswith(f"cannot roll back: the database has {LAST} applied")
    assert str(refused.value).endswith("nothing was rolled back")
    assert applied_ids(empty_url, newest) == EVERY and app_tables(empty_url) == tables
    assert schema_differences(empty_url) == []
    with Migrator(empty_url, newest) as newer:  # the version that applied it rolls it back
        assert newer.rollback(steps=1) == [LAST]
