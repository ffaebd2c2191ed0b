"""The SQL of idempotency keys: one row per (user, key) in ``idempotency_keys``.

A claim is one ``INSERT ... ON CONFLICT DO NOTHING``: of any number of concurrent claims of
one key, on any worker or server, exactly one inserts (PostgreSQL makes the others wait for
its commit, SQLite serialises writers). A row that may be claimed again (expired, or an
abandoned in-flight claim) is taken over by an UPDATE conditioned on the row as it was read,
so two takeovers cannot both win either.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import delete, select, tuple_, update
from sqlalchemy.orm import Session

from .models import IdempotencyKey
from .upsert import INSERTS

IN_FLIGHT = "in_flight"
DONE = "done"
SWEEP_BATCH = 100


def insert_claim(session: Session, user_id: str, key: str, fingerprint: str, now: datetime) -> bool:
    """Claim the key (an in-flight row); False when a row already holds it."""
    statement = INSERTS[session.get_bind().dialect.name](IdempotencyKey).values(
        user_id=user_id, key=key, fingerprint=fingerprint, state=IN_FLIGHT, created_at=now
    ).on_conflict_do_nothing(index_elements=[IdempotencyKey.user_id, IdempotencyKey.key])
    return session.execute(statement.execution_options(preserve_rowcount=True)).rowcount == 1


def held(session: Session, user_id: str, key: str) -> IdempotencyKey | None:
    return session.get(IdempotencyKey, (user_id, key))


def take_over(session: Session, row: IdempotencyKey, fingerprint: str, now: datetime) -> bool:
    """Claim ``row``'s key afresh, provided nobody changed the row since it was read."""
    statement = (
        update(IdempotencyKey)
        .where(IdempotencyKey.user_id == row.user_id, IdempotencyKey.key == row.key,
               IdempotencyKey.state == row.state, IdempotencyKey.created_at == row.created_at)
        .values(fingerprint=fingerprint, state=IN_FLIGHT, status=None, headers=None, body=None, created_at=now)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def store(session: Session, user_id: str, key: str, fingerprint: str, status: int,
          headers: Mapping[str, str], body: str) -> bool:
    """Record the answer of the claim holding ``fingerprint``; False if that claim is gone."""
    statement = (
        update(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key,
               IdempotencyKey.state == IN_FLIGHT, IdempotencyKey.fingerprint == fingerprint)
        .values(state=DONE, status=status, headers=dict(headers), body=body)
        .execution_options(synchronize_session=False)
    )
    return session.execute(statement).rowcount == 1


def release(session: Session, user_id: str, key: str, fingerprint: str) -> None:
    """Forget an in-flight claim, so that the request may run again."""
    session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.user_id == user_id, IdempotencyKey.key == key,
               IdempotencyKey.state == IN_FLIGHT, IdempotencyKey.fingerprint == fingerprint)
        .execution_options(synchronize_session=False)
    )


def sweep(session: Session, expired_before: datetime, batch: int = SWEEP_BATCH) -> int:
    """Delete up to ``batch`` rows created before ``expired_before``; how many went.

    On PostgreSQL, rows another transaction holds are skipped (SKIP LOCKED): a sweep never
    waits for a concurrent claim or takeover.
    """
    table = IdempotencyKey.__table__.alias("expired")  # an alias: the subquery must not correlate
    expired = (
        select(table.c.user_id, table.c.key)
        .where(table.c.created_at < expired_before)
        .limit(batch)
        .with_for_update(skip_locked=True)
    )
    result = session.execute(
        delete(IdempotencyKey)
        .where(IdempotencyKey.created_at < expired_before,
               tuple_(IdempotencyKey.user_id, IdempotencyKey.key).in_(expired))
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
