"""`powerpro config` shows the settings in force and where they come from, secrets hidden;
.env.example lists every setting; no setting is read that the table does not declare."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli.config import env_example
from cli.main import cli
from engine.config import PROJECT_ROOT, SETTINGS

# Environment variables the code reads that are not service settings, and why.
NOT_SETTINGS = {
    "POWERPRO_ADMIN_PASSWORD": "an answer to `users create-admin`'s prompt",
    "POWERPRO_INSECURE_FAST_PASSWORD_HASHING": "tests and scratch simulations only",
    "POWERPRO_IMPORT_PASSWORD": "an answer to `users import`'s prompt",
    "POWERPRO_DEBUG": "the `powerpro --debug` flag: tracebacks of operator mistakes",
}


def test_config_prints_each_setting_with_its_source_and_hides_the_password(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://lifter:s3cret@db.internal:5432/powerpro")
    monkeypatch.setenv("POWERPRO_WORKERS", "6")
    monkeypatch.delenv("PORT", raising=False)
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    assert set(lines) == {setting.variable for setting in SETTINGS}
    assert "s3cret" not in result.output
    assert lines["DATABASE_URL"].endswith("postgresql://lifter:***@db.internal:5432/powerpro  [environment]")
    assert lines["POWERPRO_WORKERS"].split()[1:] == ["6", "[environment]"]
    assert lines["PORT"].split()[1:] == ["8000", "[default]"]


def test_a_setting_that_cannot_be_parsed_is_one_line_and_a_failure(monkeypatch):
    monkeypatch.setenv("POWERPRO_METRICS_PORT", "nine")
    result = CliRunner().invoke(cli, ["config"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: POWERPRO_METRICS_PORT: 'nine' is not valid "
        "(port of the Prometheus metrics endpoint on 127.0.0.1 (empty: no metrics endpoint))"
    ]


def test_the_committed_env_example_lists_every_setting():
    committed = (PROJECT_ROOT / ".env.example").read_text()
    assert committed == env_example(), "run `powerpro config --example > .env.example`"
    for setting in SETTINGS:
        assert f"# {setting.variable}=" in committed


def test_every_environment_variable_the_code_reads_is_a_declared_setting():
    read = set()
    for package in ("engine", "api", "cli"):
        for path in Path(PROJECT_ROOT, package).rglob("*.py"):
            read |= set(re.findall(r"\"((?:POWERPRO_[A-Z_]+)|DATABASE_URL|PORT)\"", path.read_text()))
    declared = {setting.variable for setting in SETTINGS}
    assert read - declared == set(NOT_SETTINGS)
