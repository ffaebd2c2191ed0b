"""``powerpro users create-admin`` and ``powerpro serve``."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.server import gunicorn_options
from engine.accounts import FAST_HASHING_ENV
from engine.db.migrations import Migrator
from tests.conftest import new_database
from tests.support.http import DEFAULT_PASSWORD, assert_problem
from tests.support.served import start_server


def test_create_admin_makes_an_admin_who_can_log_in(client, migrated_url, db_engine, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")
    result = CliRunner().invoke(cli, ["users", "create-admin", "--email", "Boss@Example.com",
                                      "--password", DEFAULT_PASSWORD, "--database-url", migrated_url])
    assert result.exit_code == 0, result.output
    assert "created admin boss@example.com" in result.output

    login = client.login("boss@example.com")
    assert login.status_code == 200 and login.json["user"]["role"] == "admin"


def test_create_admin_refuses_a_taken_email_and_a_short_password(client, migrated_url, db_engine):
    lifter = client.register()
    taken = CliRunner().invoke(cli, ["users", "create-admin", "--email", lifter.email,
                                     "--password", DEFAULT_PASSWORD, "--database-url", migrated_url])
    short = CliRunner().invoke(cli, ["users", "create-admin", "--email", "new@example.com",
                                     "--password", "short", "--database-url", migrated_url])
    assert taken.exit_code == 1 and "already exists" in taken.output
    assert short.exit_code == 1 and "8 to 256 characters" in short.output
    assert_problem(client.login("new@example.com"), 401, "invalid_credentials")


def test_serve_binds_the_configured_address_and_workers():
    options = gunicorn_options("0.0.0.0", 9000, 4)
    assert (options["bind"], options["workers"], options["preload_app"]) == ("0.0.0.0:9000", 4, True)


def test_serve_refuses_an_unmigrated_database(tmp_path_factory):
    url = new_database("sqlite", "unmigrated", tmp_path_factory)
    result = CliRunner().invoke(cli, ["serve", "--database-url", url])
    assert result.exit_code == 1
    assert "powerpro migrate apply" in result.output


@pytest.fixture
def served(tmp_path_factory, tmp_path):
    """``powerpro serve`` in a subprocess on a fresh, migrated SQLite database."""
    url = new_database("sqlite", "served", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    server = start_server(url, tmp_path, workers=2)
    try:
        yield server
    finally:
        server.stop()


def test_serve_answers_over_http_with_several_workers(served):
    health = served.wait_until_up()
    assert (health["status"], health["database"]) == ("ok", {"reachable": True})
    credentials = {"email": "served@example.com", "password": DEFAULT_PASSWORD}
    register = served.request("POST", "/auth/register", credentials)
    login = served.request("POST", "/auth/login", credentials)
    assert (register.status, login.status) == (201, 200)
    assert register.body["user"]["id"] == login.body["user"]["id"]
