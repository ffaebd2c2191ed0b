"""The write side's SQL for accounts: a user by email, locked; their tokens revoked; the flag
that disables them. Reads for display are in ``engine/queries/accounts.py``."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .models import AuthToken, User


def password_of(session: Session, user_id: str) -> tuple[str, str] | None:
    """(email, password hash) of ``user_id``, or None."""
    row = session.execute(select(User.email, User.password_hash).where(User.id == user_id)).one_or_none()
    return None if row is None else (row.email, row.password_hash)


def lock_user(session: Session, user_id: str) -> User | None:
    """The user row, locked against a concurrent change of the same account. FOR NO KEY UPDATE
    (the lock an UPDATE of the row takes): inserts that refer to the user still go through."""
    return session.scalars(select(User).where(User.id == user_id).with_for_update(key_share=True)).one_or_none()


def lock_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email).with_for_update(key_share=True)).one_or_none()


def revoke_tokens(session: Session, user_id: str, *, keep: str | None = None) -> int:
    """Delete every token of ``user_id`` except the one whose digest is ``keep``; how many."""
    query = delete(AuthToken).where(AuthToken.user_id == user_id)
    if keep is not None:
        query = query.where(AuthToken.token_hash != keep)
    return session.execute(query).rowcount
