"""Idempotency keys (the IETF httpapi draft "The Idempotency-Key HTTP Header Field").

A client that may lose an answer (a phone between two cell towers) sends each write with a key
of its own making and retries it with the same key. The first request with a key claims it
(``claim``) in its own committed transaction BEFORE it runs, so every worker and server sees
the claim; its answer is then stored (``complete``) and every retry within KEY_LIFETIME gets
that answer again without running anything. A retry that arrives while the first still runs is
refused (``IdempotencyKeyInFlight``); the same key on a different request is refused
(``IdempotencyKeyReused``). An answer that says "try again" (a 5xx, a 503 busy) is not
stored: the claim is released (``release``) and the retry runs.

A claim whose request died with its process (no answer stored, no release) blocks the key for
IN_FLIGHT_LEASE, longer than a worker may spend on one request; after that a retry takes the
key over and runs. (Only a process killed between the command's commit and the storing of its
answer leaves that retry to the domain's own refusals: a set already logged, a workout already
finished.) Expired rows are swept in batches by later claims.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from .context import Context
from .db import idempotency_keys as keys, retry
from .db.models import utcnow
from .errors import DomainError

KEY_LIFETIME = timedelta(hours=24)  # the draft's "at least 24 hours" for a client's retries
IN_FLIGHT_LEASE = timedelta(seconds=60)  # twice gunicorn's worker timeout (cli/server.py)
MAX_KEY_LENGTH = 255  # idempotency_keys.key is VARCHAR(255)


class IdempotencyKeyInFlight(DomainError):
    code = "idempotency_key_in_flight"
    retry_after = 1


class IdempotencyKeyReused(DomainError):
    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Claim:
    """The right to run one request, once: what ``complete`` or ``release`` needs."""

    user_id: str
    key: str
    fingerprint: str


@dataclass(frozen=True)
class StoredAnswer:
    """The first answer to a keyed request, as a retry gets it again."""

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: str = ""


def fingerprint(method: str, target: str, body: Any) -> str:
    """sha256 of the method, the request target and the canonical JSON of the (parsed) body:
    the same request with its fields in another order or its numbers spelt otherwise
    (``100.0``, ``100``) has the same fingerprint."""
    body_digest = hashlib.sha256(canonical_json(body).encode("utf-8", "surrogatepass")).hexdigest()
    return hashlib.sha256(f"{method.upper()} {target}\n{body_digest}".encode("utf-8", "surrogatepass")).hexdigest()


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_number)


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    raise TypeError(f"{type(value).__name__} is not JSON")


def claim(ctx: Context, user_id: str, key: str, fingerprint: str, now: datetime | None = None) -> Claim | StoredAnswer:
    """The key claimed for this request (run it, then ``complete`` or ``release``), or the
    stored answer to replay; raises when the key is in flight or was used for another request."""
    return retry.run(partial(_claim_once, ctx, user_id, key, fingerprint, now or utcnow()))


def _claim_once(ctx: Context, user_id: str, key: str, fingerprint: str, now: datetime) -> Claim | StoredAnswer:
    with ctx.uow() as uow:
        session = uow.session
        if not keys.insert_claim(session, user_id, key, fingerprint, now):
            row = keys.held(session, user_id, key)
            stored = _stored_or_refused(row, fingerprint, now)
            if stored is not None:
                return stored
            # Free again (released, expired, or its request died): claim it, or lose to whoever just did.
            won = keys.insert_claim(session, user_id, key, fingerprint, now) if row is None else (
                keys.take_over(session, row, fingerprint, now))
            if not won:
                raise _in_flight()
        keys.sweep(session, now - KEY_LIFETIME)
        uow.commit()
    return Claim(user_id, key, fingerprint)


def _stored_or_refused(row, fingerprint: str, now: datetime) -> StoredAnswer | None:
    """The answer to replay from the row holding the key; None when the key is free to claim."""
    if row is None or _expired(row.created_at, now, KEY_LIFETIME):
        return None
    if row.fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            "This Idempotency-Key was already used for another request (another path or body). "
            "Make a new key for each new request; reuse a key only to retry the very same request.",
        )
    if row.state == keys.IN_FLIGHT:
        if _expired(row.created_at, now, IN_FLIGHT_LEASE):
            return None
        raise _in_flight()
    return StoredAnswer(row.status, dict(row.headers or {}), row.body or "")


def _expired(created_at: datetime, now: datetime, lifetime: timedelta) -> bool:
    return created_at <= now - lifetime


def _in_flight() -> IdempotencyKeyInFlight:
    return IdempotencyKeyInFlight(
        "A request with this Idempotency-Key is still running. Retry it (same key, same body) in a moment "
        "to get its answer.",
    )


def complete(ctx: Context, held: Claim, answer: StoredAnswer) -> bool:
    """Store the answer a retry will get; False if the claim was lost meanwhile."""
    return retry.run(partial(_write, ctx, partial(
        keys.store, user_id=held.user_id, key=held.key, fingerprint=held.fingerprint,
        status=answer.status, headers=answer.headers, body=answer.body)))


def release(ctx: Context, held: Claim) -> None:
    """Forget the claim, so that a retry runs the request."""
    retry.run(partial(_write, ctx, partial(
        keys.release, user_id=held.user_id, key=held.key, fingerprint=held.fingerprint)))


def sweep(ctx: Context, now: datetime | None = None) -> int:
    """Delete a batch of keys older than KEY_LIFETIME; how many went."""
    return retry.run(partial(_write, ctx, partial(keys.sweep, expired_before=(now or utcnow()) - KEY_LIFETIME)))


def _write(ctx: Context, statement) -> Any:
    with ctx.uow() as uow:
        result = statement(uow.session)
        uow.commit()
    return result
