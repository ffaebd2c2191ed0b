"""What a signed-in lifter does to their own account: change the password, sign out
everywhere, delete the account; and what an operator does to anyone's (``powerpro users``).

Like ``engine/accounts.py``, each function owns its transactions and hashes outside them.
Confirming a password is a login attempt: the login throttle of the account and of the client
address (``engine/throttle.py``) is checked before hashing and counts a wrong password, so a
stolen token cannot be used to guess the password faster than the login form allows.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from . import throttle
from .accounts import (
    UserNotFound,
    count_failure,
    normalize_email,
    password_hasher,
    password_matches,
    token_digest,
)
from .db import accounts as account_rows, user_data
from .db.models import User, utcnow
from .db.unit_of_work import UnitOfWork
from .errors import DomainError
from .operator_errors import UnknownAccount
from .password_policy import check_password
from .throttle import Gate

GENERATED_PASSWORD_BYTES = 15  # 20 URL-safe characters: passes the password policy


class WrongPassword(DomainError):
    code = "wrong_password"


@dataclass(frozen=True)
class _Confirmed:
    email: str
    buckets: tuple[throttle.Bucket, ...]


def change_password(uow: UnitOfWork, user_id: str, current: str, new: str, *, keep_token: str | None,
                    gate: Gate | None = None) -> int:
    """Replace the password and revoke every token but ``keep_token`` (the one the request came
    with: that session stays signed in); returns how many tokens were revoked."""
    confirmed = _confirm(uow, user_id, current, gate, check_new=new)
    new_hash = password_hasher().hash(new)
    with uow:
        user = _locked(uow, user_id)
        user.password_hash = new_hash
        keep = None if keep_token is None else token_digest(keep_token)
        revoked = account_rows.revoke_tokens(uow.session, user_id, keep=keep)
        throttle.succeeded(uow.session, confirmed.buckets)
        uow.commit()
    return revoked


def logout_all(uow: UnitOfWork, user_id: str) -> int:
    """Revoke every token of the user, the one in use included; how many."""
    with uow:
        revoked = account_rows.revoke_tokens(uow.session, user_id)
        uow.commit()
    return revoked


def delete_account(uow: UnitOfWork, user_id: str, password: str, *, gate: Gate | None = None) -> dict[str, int]:
    """Erase the user and every row they own (``engine.db.user_data.ERASED``), their throttle
    counters included, once ``password`` is confirmed; rows deleted per table."""
    confirmed = _confirm(uow, user_id, password, gate)
    with uow:
        _locked(uow, user_id)
        deleted = user_data.erase_user(uow.session, user_id)
        throttle.forget_account(uow.session, confirmed.email)
        uow.commit()
    return deleted


# -- operators (powerpro users) --------------------------------------------------------------


def set_disabled(uow: UnitOfWork, email: str, disabled: bool) -> bool:
    """Disable (revoking every token) or enable the account; False when it already was."""
    with uow:
        user = _by_email(uow, email)
        if (user.disabled_at is not None) == disabled:
            return False
        user.disabled_at = utcnow() if disabled else None
        if disabled:
            account_rows.revoke_tokens(uow.session, user.id)
        uow.commit()
    return True


def reset_password(uow: UnitOfWork, email: str, password: str | None = None) -> str:
    """Give the account ``password`` (or a generated one, returned) and revoke its tokens."""
    email = normalize_email(email)
    password = password or secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
    check_password(password, email)
    new_hash = password_hasher().hash(password)
    with uow:
        user = _by_email(uow, email)
        user.password_hash = new_hash
        account_rows.revoke_tokens(uow.session, user.id)
        throttle.forget_account(uow.session, email)
        uow.commit()
    return password


def _confirm(uow: UnitOfWork, user_id: str, password: str, gate: Gate | None, check_new: str | None = None,
             ) -> _Confirmed:
    """Check ``password`` is the user's, throttled and counted like a login."""
    with uow:
        found = account_rows.password_of(uow.session, user_id)
        if found is None:
            raise UserNotFound(f"There is no user {user_id!r}.", {"user_id": user_id})
        email, password_hash = found
        buckets = gate.login(email) if gate else ()
        throttle.check(uow.session, buckets)
    if check_new is not None:
        check_password(check_new, email)  # before any hashing: a weak new password costs nothing
    if not password_matches(password_hash, password):
        count_failure(uow, buckets)
        raise WrongPassword("The password is wrong. Send the account's current password.")
    return _Confirmed(email, buckets)


def _locked(uow: UnitOfWork, user_id: str) -> User:
    user = account_rows.lock_user(uow.session, user_id)
    if user is None:  # deleted since the password was checked
        raise UserNotFound(f"There is no user {user_id!r}.", {"user_id": user_id})
    return user


def _by_email(uow: UnitOfWork, email: str) -> User:
    user = account_rows.lock_user_by_email(uow.session, normalize_email(email))
    if user is None:
        raise UnknownAccount(f"no account has the email {normalize_email(email)} (powerpro users list shows them)")
    return user
