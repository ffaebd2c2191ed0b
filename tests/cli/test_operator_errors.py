"""Operator mistakes end every command with one line on stderr and exit 1, never a traceback;
``--debug`` (or POWERPRO_DEBUG=1) shows the traceback instead."""

from __future__ import annotations

import logging.config
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cli.main import cli
from engine.config import PROJECT_ROOT
from engine.operator_errors import BadDatabaseUrl, OperatorError, UnmigratedDatabase
from tests.conftest import BACKENDS, new_database

ADMIN = ["users", "create-admin", "--email", "boss@example.com", "--password", "a-long-enough-password"]
EXPORT = ["users", "export", "boss@example.com"]
ACCOUNT_ADMIN = [["users", "list"], ["users", "disable", "boss@example.com"]]
DATABASE_COMMANDS = [["serve"], ["migrate", "list"], ["migrate", "apply"], ["migrate", "rollback"], ADMIN, EXPORT,
                     *ACCOUNT_ADMIN]
MIGRATIONS = len([p for p in (PROJECT_ROOT / "migrations").glob("*.sql") if not p.name.endswith(".rollback.sql")])
BAD_URLS = {
    "unknown scheme": ("foo://", "Error: DATABASE_URL 'foo://' is not supported: use sqlite:///PATH"),
    "no server": ("postgresql://nobody:secret@127.0.0.1:1/x",
                  "Error: cannot open the database postgresql://nobody:***@127.0.0.1:1/x: connection failed"),
    "missing directory": ("sqlite:///{tmp}/missing/dir/x.db", "Error: cannot open the database sqlite:///{tmp}"
                          "/missing/dir/x.db (does its directory exist?): unable to open database file"),
}



@pytest.fixture(autouse=True)
def logging_left_alone(monkeypatch):
    """`serve` configures logging for the whole process before its checks; not this one's."""
    monkeypatch.setattr(logging.config, "dictConfig", lambda config: None)


def one_line(result) -> str:
    """The single stderr line of a refused command."""
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    return line


@pytest.mark.parametrize("case", sorted(BAD_URLS))
@pytest.mark.parametrize("command", DATABASE_COMMANDS, ids=" ".join)
def test_a_bad_or_unreachable_database_url_is_one_line(case, command, tmp_path):
    url, expected = (part.format(tmp=tmp_path) for part in BAD_URLS[case])
    line = one_line(CliRunner().invoke(cli, [*command, "--database-url", url]))
    assert line.startswith(expected)
    assert "secret" not in line


@pytest.fixture(params=BACKENDS)
def unmigrated_url(request, tmp_path_factory):
    return new_database(request.param, "unmigrated", tmp_path_factory)


IMPORT = ["users", "import", "{tmp}/export.json", "--password", "a-long-enough-password"]


@pytest.mark.parametrize("command", [["serve"], ADMIN, EXPORT, IMPORT, *ACCOUNT_ADMIN], ids=lambda c: " ".join(c[:2]))
def test_an_unmigrated_database_is_one_line(command, unmigrated_url, tmp_path):
    (tmp_path / "export.json").write_text("{}")
    command = [part.format(tmp=tmp_path) for part in command]
    line = one_line(CliRunner().invoke(cli, [*command, "--database-url", unmigrated_url]))
    assert line == f"Error: {MIGRATIONS} migration(s) pending (00001_create_users...): run `powerpro migrate apply`"


@pytest.mark.parametrize(("variable", "value"), [("PORT", "eighty"), ("POWERPRO_LOG", "xml")])
def test_a_setting_the_environment_gets_wrong_is_one_line(variable, value, monkeypatch):
    monkeypatch.setenv(variable, value)
    line = one_line(CliRunner().invoke(cli, ["serve", "--database-url", "sqlite://"]))
    assert line.startswith(f"Error: {variable}") and repr(value) in line


@pytest.fixture
def broken_specs(tmp_path, monkeypatch):
    """A copy of specs/ where one machine has one mistake, in effect through POWERPRO_SPECS."""
    specs = tmp_path / "specs"
    shutil.copytree(PROJECT_ROOT / "specs", specs)
    machine = specs / "machines" / "enrollment.yaml"
    machine.write_text(machine.read_text().replace("    final: true", "    final: maybe", 1))
    monkeypatch.setenv("POWERPRO_SPECS", str(specs))
    return machine


def test_a_broken_spec_prints_its_located_line_from_every_command(broken_specs, migrated_url):
    validated = CliRunner().invoke(cli, ["validate"])
    (expected,) = validated.stderr.splitlines()
    assert expected.startswith(f"{broken_specs}:") and ": states.QUIT.final: 'maybe'" in expected
    for command in (["serve", "--database-url", migrated_url], ["simulate", "gzclp", "--max", "squat=100kg"],
                    [*ADMIN, "--database-url", migrated_url]):
        assert one_line(CliRunner().invoke(cli, command)) == expected, command


def test_a_missing_specs_directory_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("POWERPRO_SPECS", str(tmp_path / "nowhere"))
    line = one_line(CliRunner().invoke(cli, ["validate"]))
    assert line == f"Error: No such file or directory: {tmp_path / 'nowhere'}"


def test_debug_lets_the_exception_through(unmigrated_url, monkeypatch):
    flagged = CliRunner().invoke(cli, ["--debug", "serve", "--database-url", unmigrated_url])
    assert isinstance(flagged.exception, UnmigratedDatabase)
    monkeypatch.setenv("POWERPRO_DEBUG", "1")
    from_env = CliRunner().invoke(cli, ["migrate", "list", "--database-url", "foo://"])
    assert isinstance(from_env.exception, BadDatabaseUrl) and isinstance(from_env.exception, OperatorError)


def test_a_real_process_prints_no_traceback_unless_debugging():
    """What an operator's terminal shows: the CliRunner cases above, in a real process."""
    command = [sys.executable, "-c", "from cli.main import cli; cli()"]
    env = {k: v for k, v in os.environ.items() if k != "POWERPRO_DEBUG"}
    plain = subprocess.run([*command, "migrate", "list", "--database-url", "foo://"], env=env,
                           capture_output=True, text=True, timeout=60)
    debug = subprocess.run([*command, "--debug", "migrate", "list", "--database-url", "foo://"], env=env,
                           capture_output=True, text=True, timeout=60)
    assert plain.returncode == 1 and plain.stdout == ""
    assert plain.stderr.splitlines() == [
        "Error: DATABASE_URL 'foo://' is not supported: use sqlite:///PATH or postgresql://USER@HOST:PORT/NAME"]
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert debug.stderr.rstrip().splitlines()[-1].startswith("engine.operator_errors.BadDatabaseUrl: DATABASE_URL")
