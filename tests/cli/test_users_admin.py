"""`powerpro users list|disable|enable|reset-password`: account administration, on both engines."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.support.http import DEFAULT_PASSWORD, assert_problem, unique_email

NEW_PASSWORD = "an operator's fresh passphrase"


@pytest.fixture
def powerpro(migrated_url, services):
    """``powerpro users ...`` against the test database (services: fast hashing, emptied after)."""

    def run(*args: str):
        return CliRunner().invoke(cli, ["users", *args, "--database-url", migrated_url])

    return run


def test_list_shows_every_account_with_its_disabled_flag(client, powerpro):
    first, second = client.register(), client.register(weight_unit="kg")
    powerpro("disable", second.email)

    result = powerpro("list")

    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split() == ["EMAIL", "ID", "ROLE", "UNIT", "SESSIONS", "CREATED", "DISABLED"]
    rows = {line.split()[0]: line.split() for line in lines}
    assert set(rows) == {first.email, second.email}
    assert rows[first.email][1:5] == [first.id, "user", "lb", "1"] and rows[first.email][-1] == "no"
    assert rows[second.email][1:5] == [second.id, "user", "kg", "0"]  # disabling revoked its token
    assert rows[second.email][-1] != "no"


def test_disable_stops_sign_ins_and_tokens_and_enable_restores_sign_ins(client, powerpro):
    lifter = client.register()

    assert powerpro("disable", lifter.email.upper()).output == f"disabled {lifter.email}\n"
    assert_problem(client.get("/users/me", token=lifter.token), 401, "unauthenticated")
    assert_problem(client.login(lifter.email), 403, "account_disabled")
    assert powerpro("disable", lifter.email).output == f"{lifter.email} was already disabled\n"

    assert powerpro("enable", lifter.email).output == f"enabled {lifter.email}\n"
    assert client.login(lifter.email).status_code == 200


def test_reset_password_takes_or_generates_one_and_revokes_tokens(client, powerpro):
    lifter = client.register()

    taken = powerpro("reset-password", lifter.email, "--password", NEW_PASSWORD)
    assert taken.exit_code == 0, taken.output
    assert_problem(client.get("/users/me", token=lifter.token), 401, "unauthenticated")
    assert_problem(client.login(lifter.email, DEFAULT_PASSWORD), 401, "invalid_credentials")
    assert client.login(lifter.email, NEW_PASSWORD).status_code == 200

    generated = powerpro("reset-password", lifter.email)
    assert generated.exit_code == 0, generated.output
    password = generated.output.strip().rsplit(": ", 1)[1]
    assert password != NEW_PASSWORD
    assert client.login(lifter.email, password).status_code == 200


@pytest.mark.parametrize("command", [["disable"], ["enable"], ["reset-password"]], ids=" ".join)
def test_an_unknown_email_is_one_line_and_a_failure(powerpro, command):
    email = unique_email("nobody")
    result = powerpro(*command, email)

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [f"Error: no account has the email {email} (powerpro users list shows them)"]


def test_a_weak_reset_password_is_refused_in_one_line(client, powerpro):
    lifter = client.register()
    result = powerpro("reset-password", lifter.email, "--password", "short")

    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "8 to 256 characters" in result.stderr
    assert client.login(lifter.email).status_code == 200  # unchanged
