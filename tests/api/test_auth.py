"""Register, log in, log out; tokens and passwords as stored; expiry and revocation."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select, update

from engine.db.models import AuthToken, User, utcnow
from tests.support.http import DEFAULT_PASSWORD, assert_problem, bearer, unique_email


def test_register_returns_the_user_and_a_working_token(client):
    result = client.post("/auth/register", json={"email": "Ann@Example.com", "password": DEFAULT_PASSWORD,
                                                  "weight_unit": "kg"})

    assert result.status_code == 201
    user = result.json["user"]
    assert user["email"] == "ann@example.com"  # normalised: one account per address
    assert (user["role"], user["weight_unit"]) == ("user", "kg")
    assert result.json["token_type"] == "Bearer"
    assert client.get(f"/users/{user['id']}/maxes", token=result.json["token"]).status_code == 200


def test_register_defaults_the_unit_to_pounds(client):
    assert client.register().body["user"]["weight_unit"] == "lb"


def test_token_expires_after_the_configured_lifetime(client, services):
    lifter = client.register()
    expires_at = lifter.body["expires_at"]
    expected = utcnow() + timedelta(seconds=services.settings.token_lifetime_seconds)
    assert expires_at.endswith("Z")
    assert expires_at[:16] == expected.isoformat()[:16]  # to the minute


def test_duplicate_email_is_409_email_taken(client):
    lifter = client.register()
    problem = assert_problem(
        client.post("/auth/register", json={"email": lifter.email.upper(), "password": "another password"}),
        409, "email_taken",
    )
    assert "/auth/login" in problem["detail"]


def test_login_issues_a_new_token_for_the_right_password(client):
    lifter = client.register()
    result = client.login(lifter.email)

    assert result.status_code == 200
    assert result.json["user"]["id"] == lifter.id
    assert result.json["token"] != lifter.token
    assert client.get(f"/users/{lifter.id}/maxes", token=result.json["token"]).status_code == 200


def test_wrong_password_and_unknown_email_are_the_same_401(client):
    lifter = client.register()
    wrong = assert_problem(client.login(lifter.email, "not the password"), 401, "invalid_credentials")
    unknown = assert_problem(client.login(unique_email()), 401, "invalid_credentials")
    assert wrong["detail"] == unknown["detail"]  # no hint about which accounts exist


def test_logout_revokes_only_the_presented_token(client):
    lifter = client.register()
    other_session = client.login(lifter.email).json["token"]

    assert client.post("/auth/logout", token=lifter.token).status_code == 204

    assert_problem(client.get(f"/users/{lifter.id}/maxes", token=lifter.token), 401, "unauthenticated")
    assert client.get(f"/users/{lifter.id}/maxes", token=other_session).status_code == 200


def test_expired_token_is_401_with_a_bearer_challenge(client, db_engine):
    lifter = client.register()
    with db_engine.begin() as conn:
        conn.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))

    result = client.get(f"/users/{lifter.id}/maxes", token=lifter.token)

    assert_problem(result, 401, "unauthenticated")
    assert result.headers["www-authenticate"] == 'Bearer realm="powerpro", error="invalid_token"'


def test_missing_or_malformed_authorization_is_401(client):
    lifter = client.register()
    for headers in ({}, {"Authorization": lifter.token}, {"Authorization": "Basic abc"}, bearer(" ")):
        result = client.get(f"/users/{lifter.id}/maxes", headers=headers)
        problem = assert_problem(result, 401, "unauthenticated")
        assert "Authorization: Bearer" in problem["detail"]
        assert result.headers["www-authenticate"].startswith("Bearer")


def test_tokens_are_stored_only_as_their_sha256(client, db_engine):
    lifter = client.register()
    with db_engine.connect() as conn:
        stored = conn.scalars(select(AuthToken.token_hash).where(AuthToken.user_id == lifter.id)).all()
    assert stored == [hashlib.sha256(lifter.token.encode()).hexdigest()]
    assert lifter.token not in stored


def test_passwords_are_stored_as_argon2id_hashes(client, db_engine):
    lifter = client.register()
    with db_engine.connect() as conn:
        password_hash = conn.scalar(select(User.password_hash).where(User.id == lifter.id))
    assert password_hash.startswith("$argon2id$")
    assert DEFAULT_PASSWORD not in password_hash


def test_login_clears_the_users_expired_tokens(client, db_engine):
    lifter = client.register()
    with db_engine.begin() as conn:
        conn.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(days=1)))
    client.login(lifter.email)
    with db_engine.connect() as conn:
        assert len(conn.scalars(select(AuthToken.token_hash)).all()) == 1
