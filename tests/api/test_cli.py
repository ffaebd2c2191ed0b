"""``powerpro users create-admin`` and ``powerpro serve``."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner

from cli.main import cli
from cli.serve import gunicorn_options
from engine.accounts import FAST_HASHING_ENV
from engine.db.migrations import Migrator
from tests.conftest import new_database
from tests.support.http import DEFAULT_PASSWORD, assert_problem


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
    assert (options["bind"], options["workers"], options["preload_app"]) == ("0.0.0.0:9000", 4, False)


def test_serve_refuses_an_unmigrated_database(tmp_path_factory):
    url = new_database("sqlite", "unmigrated", tmp_path_factory)
    result = CliRunner().invoke(cli, ["serve", "--database-url", url])
    assert result.exit_code == 1
    assert "powerpro migrate apply" in result.output


@pytest.fixture
def served(tmp_path_factory):
    """``powerpro serve`` in a subprocess on a fresh, migrated SQLite database."""
    url = new_database("sqlite", "served", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, FAST_HASHING_ENV: "1"}
    process = subprocess.Popen([sys.executable, "-c", "from cli.main import cli; cli()", "serve", "--port", str(port),
                                "--workers", "2"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def test_serve_answers_over_http_with_several_workers(served):
    base, process = served
    health = _wait_for(f"{base}/health", process)
    assert (health["status"], health["database"]) == ("ok", {"reachable": True})
    register = _post(f"{base}/auth/register", {"email": "served@example.com", "password": DEFAULT_PASSWORD})
    login = _post(f"{base}/auth/login", {"email": "served@example.com", "password": DEFAULT_PASSWORD})
    assert register["user"]["id"] == login["user"]["id"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            # Workers still booting: the listening socket accepts, then the read times out.
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s")


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)
