"""The password policy: common passwords, the account's own email, whitespace and the length
rule are refused with 422 `weak_password` naming the rule, before anything is hashed or stored."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import func, select

from cli.main import cli
from engine.accounts import password_hasher
from engine.db.models import User
from engine.password_policy import COMMON_PASSWORDS_FILE, WeakPassword, check_password, common_passwords
from tests.support.http import DEFAULT_PASSWORD, assert_problem, invalid_paths

EMAIL = "Strong.Lifter@Example.com"


@pytest.mark.parametrize(("password", "rule"), [
    ("12345678", "common"),
    ("password", "common"),
    ("Password1", "common"),  # the list is lowercased; so is the comparison
    ("  iloveyou  ", "common"),
    (" " * 8, "whitespace"),
    ("\u3000 \u2003 \u3000 \u00a0 ", "whitespace"),  # Unicode spaces: tabs and newlines are refused earlier
    ("strong.lifter@example.com", "email"),
    ("STRONG.LIFTER@EXAMPLE.COM", "email"),
    ("Strong.Lifter", "email"),
])
def test_register_refuses_a_weak_password_naming_the_rule(client, db_engine, password, rule):
    result = client.post("/auth/register", json={"email": EMAIL, "password": password})

    problem = assert_problem(result, 422, "weak_password")
    assert problem["password_rule"] == rule
    assert invalid_paths(problem) == {"$.password"}
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(User)) == 0


def test_a_weak_password_is_refused_before_it_is_hashed(client, monkeypatch):
    calls = []
    original = PasswordHasher.hash
    monkeypatch.setattr(PasswordHasher, "hash", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))

    assert_problem(client.post("/auth/register", json={"email": EMAIL, "password": "qwertyuiop"}), 422, "weak_password")

    assert calls == []


@pytest.mark.parametrize("password", [DEFAULT_PASSWORD, "Strong.Lifter!2026", "password with more words"])
def test_register_accepts_a_password_that_breaks_no_rule(client, password):
    assert client.register(EMAIL, password).body["user"]["email"] == EMAIL.lower()


def test_existing_accounts_with_weak_passwords_still_log_in(client, db_engine):
    """The policy is for new passwords: an account made before it keeps working."""
    with db_engine.begin() as conn:
        conn.execute(User.__table__.insert().values(id="u-legacy", email="old@example.com", created_at=func.now(),
                                                     password_hash=password_hasher().hash("12345678")))
    assert client.login("old@example.com", "12345678").status_code == 200


def test_the_shipped_list_holds_at_least_the_ten_thousand_most_common_passwords():
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    assert len(common_passwords()) == len(lines) >= 10_000  # one password a line, no duplicates
    assert lines[:4] == ["123456", "123456789", "qwerty", "password"]  # most common first
    assert all(line == line.lower() for line in lines)


@pytest.mark.parametrize(("password", "email", "rule"), [
    ("short", "", "length"),
    ("x" * 257, "", "length"),
    ("lifter", "lifter@example.com", "length"),  # the first rule broken is the one named
    ("lifter42", "lifter42@example.com", "email"),
    ("football", "", "common"),
])
def test_check_password_names_the_first_rule_broken(password, email, rule):
    with pytest.raises(WeakPassword) as refused:
        check_password(password, email)
    assert refused.value.extensions["password_rule"] == rule
    assert refused.value.detail


def test_create_admin_applies_the_policy(migrated_url, db_engine):
    result = CliRunner().invoke(cli, ["users", "create-admin", "--email", "boss@example.com",
                                      "--password", "letmein1", "--database-url", migrated_url])

    assert result.exit_code == 1 and "most common passwords" in result.output
    with db_engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(User)) == 0
