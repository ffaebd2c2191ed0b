"""The throttle's SQL: attempt counters in ``auth_throttle``, keyed by bucket digest.

Every statement touches rows by primary key or by the ``expires_at`` index: no scans. The
count is one ``INSERT ... ON CONFLICT DO UPDATE``, atomic on both engines, so concurrent
failures on any number of workers and servers are never lost.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from sqlalchemy import case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import AuthThrottle

# Both dialects' insert() grow the same on_conflict_do_update().
_UPSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}
PURGE_BATCH = 100


def live_counts(session: Session, buckets: Collection[str], now: datetime) -> dict[str, tuple[int, datetime]]:
    """bucket -> (attempts, expires_at) for those of ``buckets`` whose window is still open."""
    if not buckets:
        return {}
    rows = session.execute(
        select(AuthThrottle.bucket, AuthThrottle.attempts, AuthThrottle.expires_at)
        .where(AuthThrottle.bucket.in_(buckets), AuthThrottle.expires_at > now)
    )
    return {bucket: (attempts, expires_at) for bucket, attempts, expires_at in rows}


def count_attempt(session: Session, windows: Mapping[str, datetime], now: datetime) -> None:
    """Add one attempt to each bucket; a new bucket, or one whose window has closed, starts a
    window that closes at the given time. ``windows``: bucket -> that closing time."""
    if not windows:
        return
    upsert = _UPSERTS[session.get_bind().dialect.name](AuthThrottle).values(
        [{"bucket": bucket, "attempts": 1, "expires_at": closes} for bucket, closes in windows.items()]
    )
    closed = AuthThrottle.expires_at <= now
    session.execute(upsert.on_conflict_do_update(
        index_elements=[AuthThrottle.bucket],
        set_={
            "attempts": case((closed, 1), else_=AuthThrottle.attempts + 1),
            "expires_at": case((closed, upsert.excluded.expires_at), else_=AuthThrottle.expires_at),
        },
    ))


def forget(session: Session, buckets: Collection[str]) -> None:
    if buckets:
        session.execute(delete(AuthThrottle).where(AuthThrottle.bucket.in_(buckets)))


def purge_closed(session: Session, now: datetime, batch: int = PURGE_BATCH) -> int:
    """Delete up to ``batch`` counters whose window has closed; how many went.

    Called on every counted failure, so the table holds about what the open windows need. On
    PostgreSQL rows another transaction holds are skipped (SKIP LOCKED): a purge never waits
    for, or deadlocks with, a concurrent count. SQLite serialises writers anyway.
    """
    table = AuthThrottle.__table__.alias("closed")  # an alias: the subquery must not correlate
    closed = select(table.c.bucket).where(table.c.expires_at <= now).limit(batch).with_for_update(skip_locked=True)
    result = session.execute(
        delete(AuthThrottle).where(AuthThrottle.bucket.in_(closed), AuthThrottle.expires_at <= now)
    )
    return result.rowcount
