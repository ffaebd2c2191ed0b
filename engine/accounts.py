"""Accounts: registration, password login, bearer tokens, roles, and each user's lift maxes.

Passwords are hashed with argon2id. A bearer token is random and only its sha256 is stored,
so a copy of the database cannot be replayed as a session. Every function takes a fresh
UnitOfWork and owns its transactions (``with uow: ...; uow.commit()``). Register and login
hash outside any transaction, so no lock or pooled connection waits on argon2, and consult
the throttle (``engine/throttle.py``) before hashing, when the HTTP API passes its ``gate``.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.exc import IntegrityError

from . import throttle
from .db import accounts as account_rows, user_data
from .db.driver_statements import OneStatement
from .db.models import AuthToken, LiftMax, User, utcnow
from .db.unit_of_work import ReadUnit, UnitOfWork
from .errors import DomainError, InvalidMax
from .lift_catalog import UnknownLift, lift_names
from .password_policy import check_password
from .throttle import Gate

ROLES = ("user", "admin")
WEIGHT_UNITS = ("lb", "kg")
# Whitespace and control characters spelled out rather than \s: the pattern is published in the
# OpenAPI document, whose (ECMA-262) \s differs from Python's (U+0085, U+001C-U+001F, U+FEFF).
_EMAIL_CHAR = r"[^@\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
EMAIL_PATTERN = rf"^{_EMAIL_CHAR}+@{_EMAIL_CHAR}+\.{_EMAIL_CHAR}+$"
# Only the test suite sets this: argon2id at its real cost makes hundreds of logins slow.
FAST_HASHING_ENV = "POWERPRO_INSECURE_FAST_PASSWORD_HASHING"


class EmailTaken(DomainError):
    code = "email_taken"


class InvalidCredentials(DomainError):
    code = "invalid_credentials"


class UserNotFound(DomainError):
    code = "user_not_found"


class AccountDisabled(DomainError):
    code = "account_disabled"


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    role: str
    weight_unit: str
    created_at: datetime
    display_name: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True)
class SignedIn:
    """What register and login return: the account and its new bearer token."""

    account: Account
    token: str
    expires_at: datetime


@dataclass(frozen=True)
class LiftMaxEntry:
    lift: str
    lift_name: str
    weight: Decimal
    unit: str
    reps: int
    updated_at: datetime


def password_hasher() -> PasswordHasher:
    return _hasher(os.environ.get(FAST_HASHING_ENV) == "1")


@lru_cache(maxsize=2)
def _hasher(fast: bool) -> PasswordHasher:
    if fast:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, type=Type.ID)
    return PasswordHasher(type=Type.ID)


@lru_cache(maxsize=2)
def _unknown_user_hash(fast: bool) -> str:
    """Verified against when the email is unknown, so a login takes as long either way."""
    return _hasher(fast).hash(secrets.token_urlsafe(16))


def normalize_email(email: str) -> str:
    return email.strip().lower()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(uow: UnitOfWork, email: str, password: str, *, weight_unit: str = "lb",
             token_lifetime_seconds: int, gate: Gate | None = None) -> SignedIn:
    """``gate``: the client's throttle; None for trusted callers (simulation, benchmarks)."""
    email = normalize_email(email)
    check_password(password, email)
    buckets = gate.registration() if gate else ()
    with uow:
        throttle.check(uow.session, buckets)
        throttle.count(uow.session, buckets)  # every attempt: each one costs a hash
        taken = _email_taken(uow, email)
        uow.commit()
    if taken:
        raise _taken(email)
    password_hash = password_hasher().hash(password)
    with uow:
        user = _add_user(uow, email, password_hash, role="user", weight_unit=weight_unit)
        signed_in = _issue_token(uow, user, token_lifetime_seconds)
        uow.commit()
    return signed_in


def create_admin(uow: UnitOfWork, email: str, password: str) -> Account:
    email = normalize_email(email)
    check_password(password, email)
    with uow:
        if _email_taken(uow, email):
            raise _taken(email)
    password_hash = password_hasher().hash(password)
    with uow:
        user = _add_user(uow, email, password_hash, role="admin", weight_unit="lb")
        uow.commit()
    return account_of(user)


def login(uow: UnitOfWork, email: str, password: str, *, token_lifetime_seconds: int,
          gate: Gate | None = None) -> SignedIn:
    """``gate``: the client's throttle, checked before the password is hashed."""
    email = normalize_email(email)
    buckets = gate.login(email) if gate else ()
    with uow:
        throttle.check(uow.session, buckets)
        user_id, password_hash = uow.session.execute(
            select(User.id, User.password_hash).where(User.email == email)
        ).one_or_none() or (None, None)
    if not password_matches(password_hash, password):
        count_failure(uow, buckets)
        raise _wrong_credentials()
    rehashed = password_hasher().hash(password) if password_hasher().check_needs_rehash(password_hash) else None
    with uow:
        # Locked: a token is never issued to an account being disabled (which revokes its tokens).
        user = account_rows.lock_user(uow.session, user_id) if user_id else None
        if user is None:  # deleted since the password was checked
            raise _wrong_credentials()
        if user.disabled_at is not None:  # told only to whoever knows the password
            raise disabled(user.email)
        if rehashed:
            user.password_hash = rehashed
        throttle.succeeded(uow.session, buckets)
        _forget_expired_tokens(uow, user.id)
        signed_in = _issue_token(uow, user, token_lifetime_seconds)
        uow.commit()
    return signed_in


def logout(uow: UnitOfWork, token: str) -> bool:
    """Revoke ``token``; True when it was a live token."""
    with uow:
        result = uow.session.execute(delete(AuthToken).where(AuthToken.token_hash == token_digest(token)))
        uow.commit()
    return result.rowcount > 0


# Built once: every authenticated request runs it (the statement's compiled form is cached by it).
# Its first columns are an Account's; a hot read joins what it answers to it (engine/queries/stored.py).
TOKEN_OWNER = (
    select(User.id, User.email, User.role, User.weight_unit, User.created_at, User.display_name)
    .join(AuthToken, AuthToken.user_id == User.id)
    .where(AuthToken.token_hash == bindparam("digest"), AuthToken.expires_at > bindparam("now"))
)
_ACCOUNT_COLUMNS = len(TOKEN_OWNER.selected_columns)
_TOKEN_OWNER_ALONE = OneStatement(TOKEN_OWNER)


def token_parameters(token: str) -> dict[str, object]:
    """The parameters of ``TOKEN_OWNER`` (and of every statement built on it) for ``token``."""
    return {"digest": token_digest(token), "now": utcnow()}


def account_in(row) -> Account | None:
    """The Account of a row whose first columns are ``TOKEN_OWNER``'s (None: no such token)."""
    return None if row is None else Account(*row[:_ACCOUNT_COLUMNS])


def authenticate(reads: ReadUnit, token: str) -> Account | None:
    """The account a bearer token belongs to, or None when it is unknown, revoked or expired.
    One statement, in the caller's read transaction (the request's: ``api/auth.py``)."""
    with reads:
        return account_in(reads.execute(TOKEN_OWNER, token_parameters(token)).one_or_none())


def authenticate_alone(reads: ReadUnit, token: str) -> Account | None:
    """``authenticate`` as a statement of its own, outside the read transaction (a write's: its
    command runs in a unit of work of its own, so nothing else is read with it)."""
    return account_in(reads.one_row(_TOKEN_OWNER_ALONE, token_parameters(token)))


def list_maxes(uow: UnitOfWork, user_id: str) -> list[LiftMaxEntry]:
    with uow:
        _user(uow, user_id)
        rows = uow.session.scalars(
            select(LiftMax).where(LiftMax.user_id == user_id).order_by(LiftMax.lift_slug, LiftMax.reps)
        ).all()
        names = lift_names(uow.session)
        return [_max_entry(row, names) for row in rows]


def set_max(uow: UnitOfWork, user_id: str, lift: str, *, weight: Decimal, unit: str, reps: int = 1) -> LiftMaxEntry:
    """Create or replace the user's ``reps``-rep max of ``lift`` (above 0)."""
    if weight <= 0:
        raise InvalidMax(f"A max is above 0, not {weight}.", {"lift": lift, "weight": str(weight)})
    with uow:
        _user(uow, user_id)
        names = lift_names(uow.session)
        if lift not in names:
            raise UnknownLift(
                f"There is no lift {lift!r}. Use one of the lift slugs from GET /lifts.",
                {"lift": lift, "known_lifts": sorted(names)},
            )
        row = _upsert_max(uow, user_id, lift, reps, weight=weight, unit=unit)
        uow.commit()
    return _max_entry(row, names)


def _upsert_max(uow: UnitOfWork, user_id: str, lift: str, reps: int, **values) -> LiftMax:
    key = (LiftMax.user_id == user_id, LiftMax.lift_slug == lift, LiftMax.reps == reps)
    row = uow.session.scalar(select(LiftMax).where(*key))
    if row is None:
        try:
            with uow.session.begin_nested():
                row = LiftMax(user_id=user_id, lift_slug=lift, reps=reps, **values)
                uow.session.add(row)
            return row
        except IntegrityError:
            # A concurrent request inserted the same max first: replace theirs instead.
            row = uow.session.scalar(select(LiftMax).where(*key))
    for name, value in values.items():
        setattr(row, name, value)
    row.updated_at = utcnow()
    uow.session.flush()
    return row


def disabled(email: str) -> AccountDisabled:
    return AccountDisabled(f"The account {email} is disabled. Ask the operator of this server to enable it.",
                           {"email": email})


def count_failure(uow: UnitOfWork, buckets: tuple[throttle.Bucket, ...]) -> None:
    if buckets:
        with uow:
            throttle.count(uow.session, buckets)
            uow.commit()


def _wrong_credentials() -> InvalidCredentials:
    return InvalidCredentials("The email or password is wrong. Check both, or register first.")


def _email_taken(uow: UnitOfWork, email: str) -> bool:
    return uow.session.scalar(select(User.id).where(User.email == email)) is not None


def _taken(email: str) -> EmailTaken:
    return EmailTaken(f"An account with {email} already exists. Log in with POST /auth/login instead.",
                      {"email": email})


def _add_user(uow: UnitOfWork, email: str, password_hash: str, *, role: str, weight_unit: str) -> User:
    user = User(email=email, password_hash=password_hash, role=role, weight_unit=weight_unit)
    try:
        with uow.session.begin_nested():
            uow.session.add(user)
    except IntegrityError:
        raise _taken(email) from None  # registered concurrently since the check
    return user


def password_matches(password_hash: str | None, password: str) -> bool:
    fast = os.environ.get(FAST_HASHING_ENV) == "1"
    try:
        return _hasher(fast).verify(password_hash or _unknown_user_hash(fast), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def _issue_token(uow: UnitOfWork, user: User, lifetime_seconds: int) -> SignedIn:
    token = secrets.token_urlsafe(32)
    expires_at = utcnow() + timedelta(seconds=lifetime_seconds)
    uow.session.add(AuthToken(token_hash=token_digest(token), user_id=user.id, expires_at=expires_at))
    uow.session.flush()
    return SignedIn(account=account_of(user), token=token, expires_at=expires_at)


def _forget_expired_tokens(uow: UnitOfWork, user_id: str) -> None:
    uow.session.execute(delete(AuthToken).where(AuthToken.user_id == user_id, AuthToken.expires_at <= utcnow()))


def _user(uow: UnitOfWork, user_id: str) -> User:
    user = uow.session.get(User, user_id)
    if user is None:
        raise UserNotFound(f"There is no user {user_id!r}.", {"user_id": user_id})
    return user


def account_of(user: User) -> Account:
    return Account(id=user.id, email=user.email, role=user.role, weight_unit=user.weight_unit,
                   created_at=user.created_at, display_name=user.display_name)


def _max_entry(row: LiftMax, names: dict[str, str]) -> LiftMaxEntry:
    return LiftMaxEntry(lift=row.lift_slug, lift_name=names.get(row.lift_slug, row.lift_slug),
                        weight=row.weight, unit=row.unit, reps=row.reps, updated_at=row.updated_at)


def import_account(uow: UnitOfWork, document: dict, password: str) -> str:
    """Re-create an exported user (``GET /users/me/export``) with all their history; returns the id.

    The export holds no secret, so the account gets ``password``; its old tokens are gone."""
    check_password(password, document.get("account", {}).get("email", "") if isinstance(document, dict) else "")
    with uow:
        user_id = user_data.import_user(uow.session, document, password_hasher().hash(password))
        uow.commit()
    return user_id
