"""The machines' states against the CHECK constraints of their columns: read from a live
database on both engines, or from the schema the migrations build; a disagreement names the
machine file, the state's line and the migration to write (or to apply)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.bootstrap import bootstrap
from engine.config import PROJECT_ROOT, Settings
from engine.db.constraints import allowed_values, migrated_schema, next_migration_number
from engine.machines import load_machines
from engine.machines.columns import column_errors
from engine.spec_files import SpecErrors

MIGRATIONS = PROJECT_ROOT / "migrations"
NEXT = next_migration_number(MIGRATIONS)


def paused_session(specs: Path) -> Path:
    """A copy of specs/ whose session machine has a PAUSED state, with its own events."""
    shutil.copytree(PROJECT_ROOT / "specs", specs)
    path = specs / "machines" / "session.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    abandon: {actors: [user, engine], emits: WORKOUT_ABANDONED}\n",
                        "    abandon: {actors: [user, engine], emits: WORKOUT_ABANDONED}\n"
                        "    pause: {actors: [user], emits: WORKOUT_PAUSED}\n"
                        "    resume: {actors: [user], emits: WORKOUT_RESUMED}\n")
    text = text.replace("      - {event: abandon, target: ABANDONED}\n  COMPLETED:\n",
                        "      - {event: abandon, target: ABANDONED}\n      - {event: pause, target: PAUSED}\n"
                        "  PAUSED:\n    transitions:\n      - {event: resume, target: IN_PROGRESS}\n"
                        "      - {event: abandon, target: ABANDONED}\n  COMPLETED:\n")
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_the_live_check_constraints_list_each_machines_states(db_engine):
    for spec in load_machines(PROJECT_ROOT / "specs" / "machines").values():
        assert allowed_values(db_engine, spec.table, spec.column) == set(spec.states)
    assert allowed_values(db_engine, "workout_sessions", "week") is None  # a CHECK, but no list


def test_start_up_refuses_a_state_the_database_does_not_allow(db_engine, tmp_path):
    session = paused_session(tmp_path / "specs")
    with pytest.raises(SpecErrors) as caught:
        bootstrap(Settings(specs_dir=tmp_path / "specs"), db=db_engine)
    [error] = caught.value.errors
    assert (error.file, error.line, error.field) == (str(session), line_of(session, "  PAUSED:"), "states.PAUSED")
    assert error.message == (
        "the CHECK constraint of workout_sessions.status does not allow PAUSED (it allows ABANDONED, COMPLETED, "
        f"IN_PROGRESS); no migration changes it: write migrations/{NEXT}_<name>.sql (and its .rollback.sql) that does")


def test_validate_compares_with_the_migrations_without_a_database(tmp_path):
    session = paused_session(tmp_path / "specs")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "specs" / "machines")])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{session}:{line_of(session, '  PAUSED:')}: states.PAUSED: the CHECK constraint of workout_sessions.status "
        "does not allow PAUSED (it allows ABANDONED, COMPLETED, IN_PROGRESS); no migration changes it: "
        f"write migrations/{NEXT}_<name>.sql (and its .rollback.sql) that does",
    ]


def test_a_state_the_yaml_dropped_is_reported_at_its_states():
    spec = load_machines(PROJECT_ROOT / "specs" / "machines")["enrollment"]
    with migrated_schema(MIGRATIONS) as db:
        assert column_errors([spec], db, MIGRATIONS, live=False) == []
        # Without BETWEEN_CYCLES in the YAML, rows may still hold it.
        [error] = column_errors([replace(spec, states=("ACTIVE", "COMPLETED", "QUIT"))], db, MIGRATIONS, live=False)
    assert (error.file, error.field) == (str(spec.path), "states")
    assert error.message.startswith("the CHECK constraint of user_program_states.enrollment_status also allows "
                                    "BETWEEN_CYCLES, which the machine does not declare (rows may hold them)")


def test_a_database_behind_the_migrations_is_told_to_apply_them(tmp_path):
    """The migrations allow every state, the live database lacks one of them."""
    behind = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, behind)
    step = behind / "00040_enrollment_completed.sql"
    step.write_text(step.read_text().replace("'ACTIVE', 'BETWEEN_CYCLES', 'COMPLETED', 'QUIT'",
                                             "'ACTIVE', 'COMPLETED', 'QUIT'"))
    specs = load_machines(PROJECT_ROOT / "specs" / "machines")
    with migrated_schema(behind) as live:
        [error] = column_errors(specs.values(), live, MIGRATIONS, live=True)
    assert error.field == "states.BETWEEN_CYCLES"
    assert error.message.endswith(
        "the migrations change it but this database lacks one: apply them (powerpro migrate apply)")


def test_an_unmigrated_database_is_told_to_migrate(tmp_path):
    empty = tmp_path / "none"
    empty.mkdir()
    specs = load_machines(PROJECT_ROOT / "specs" / "machines")
    with migrated_schema(empty) as db:
        errors = column_errors(specs.values(), db, MIGRATIONS, live=True)
    assert {e.field for e in errors} == {"powerpro.binds.table"}
    assert all("apply the migrations (powerpro migrate apply)" in e.message for e in errors)


def test_validate_database_compares_with_the_live_database(migrated_url, tmp_path):
    ok = CliRunner().invoke(cli, ["validate", "--database", str(PROJECT_ROOT / "specs" / "machines")],
                            env={"DATABASE_URL": migrated_url})
    assert ok.exit_code == 0, ok.output
    session = paused_session(tmp_path / "specs")
    refused = CliRunner().invoke(cli, ["validate", "--database", str(tmp_path / "specs" / "machines")],
                                 env={"DATABASE_URL": migrated_url})
    assert refused.exit_code == 1
    assert refused.output.startswith(f"{session}:{line_of(session, '  PAUSED:')}: states.PAUSED: ")
    assert "write migrations/" in refused.output


def test_validate_without_the_migration_of_a_new_enrollment_state_names_the_file(tmp_path):
    """Issue 13: COMPLETED came as one YAML change plus migration 00040; without the migration,
    `powerpro validate` refuses the machine file at the state's line (not an IntegrityError later)."""
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, migrations)
    for path in migrations.glob("00040_*"):
        path.unlink()
    enrollment = PROJECT_ROOT / "specs" / "machines" / "enrollment.yaml"
    with migrated_schema(migrations) as db:
        [error] = column_errors([load_machines(enrollment.parent)["enrollment"]], db, migrations, live=False)
    assert (error.file, error.line, error.field) == (str(enrollment), line_of(enrollment, "  COMPLETED:"),
                                                     "states.COMPLETED")
    assert error.message.startswith("the CHECK constraint of user_program_states.enrollment_status does not allow "
                                    "COMPLETED (it allows ACTIVE, BETWEEN_CYCLES, QUIT); no migration changes it")
