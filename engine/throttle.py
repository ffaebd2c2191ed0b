"""Throttling of password guessing and mass registration, shared by every worker and server.

A rule counts attempts in a bucket: a scope (failed logins per account, failed logins per
client address, registrations per client address) and a key (the normalised email, the
address). The counters live in the database (``engine/db/attempts.py``), so every process
sees one count. A bucket's window opens at its first counted attempt and lasts the rule's
window; once it holds ``limit`` attempts, further ones are refused with the seconds until
it closes. A successful login forgets its account's bucket.

The check runs BEFORE the expensive work (argon2 hashing, which is the point of a slow hash
but also what lets a flood of guesses starve every other request): a refused attempt costs one
primary-key read. Requests already past the check when a bucket fills still finish, so under
concurrency a window can count up to the number of requests in flight beyond its limit.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from .config import Settings
from .db import attempts
from .db.models import utcnow
from .errors import DomainError

UNKNOWN_ADDRESS = "unknown"
LOGIN_ACCOUNT = "login:account"  # the scope of an account's failed logins, keyed by its email
IPV6_PREFIX = 64  # one host usually holds a whole /64: counting single addresses would not slow it


class TooManyAttempts(DomainError):
    code = "too_many_attempts"


@dataclass(frozen=True)
class Rule:
    scope: str
    limit: int  # attempts a window allows; 0 turns the rule off
    window_seconds: int
    refusal: str  # completes "Too many ..."
    resets_on_success: bool = False

    def bucket(self, key: str) -> Bucket:
        return Bucket(self, _digest(self.scope, key))


def _digest(scope: str, key: str) -> str:
    # surrogatepass: any str a JSON body can carry has a digest, even a lone surrogate.
    return hashlib.sha256(f"{scope}\0{key}".encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Bucket:
    rule: Rule
    digest: str  # what the database stores: no email or address in clear


@dataclass(frozen=True)
class Limits:
    login_per_account: Rule
    login_per_address: Rule
    registrations_per_address: Rule

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        login_window = settings.login_throttle_window
        return cls(
            Rule(LOGIN_ACCOUNT, settings.login_failures_per_account, login_window,
                 "failed logins for this account", resets_on_success=True),
            Rule("login:address", settings.login_failures_per_address, login_window,
                 "failed logins from your network address"),
            Rule("register:address", settings.registrations_per_address, settings.registration_throttle_window,
                 "registrations from your network address"),
        )

    def at(self, remote_addr: str | None) -> Gate:
        """The rules as they apply to the client at ``remote_addr`` (the WSGI REMOTE_ADDR)."""
        return Gate(self, address_key(remote_addr))


@dataclass(frozen=True)
class Gate:
    limits: Limits
    address: str

    def login(self, email: str) -> tuple[Bucket, ...]:
        return _active((self.limits.login_per_account, email), (self.limits.login_per_address, self.address))

    def registration(self) -> tuple[Bucket, ...]:
        return _active((self.limits.registrations_per_address, self.address))


def _active(*keyed: tuple[Rule, str]) -> tuple[Bucket, ...]:
    # Account before address: every transaction locks the rows in this one order.
    return tuple(rule.bucket(key) for rule, key in keyed if rule.limit > 0)


def address_key(remote_addr: str | None) -> str:
    """What one client's address counts as: the IPv4 address, or the IPv6 /64 it lies in."""
    try:
        ip = ipaddress.ip_address((remote_addr or "").strip())
    except ValueError:
        return remote_addr or UNKNOWN_ADDRESS  # a unix-socket peer: one bucket for all
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def check(session: Session, buckets: Sequence[Bucket], now: datetime | None = None) -> None:
    """Raise ``TooManyAttempts`` when any of ``buckets`` is full, with the longest wait."""
    now = now or utcnow()
    counts = attempts.live_counts(session, [bucket.digest for bucket in buckets], now)
    full = [(counts[b.digest][1], b) for b in buckets if counts.get(b.digest, (0,))[0] >= b.rule.limit]
    if full:
        closes, bucket = max(full, key=lambda found: found[0])
        retry_after = max(1, math.ceil((closes - now).total_seconds()))
        raise TooManyAttempts(
            f"Too many {bucket.rule.refusal}. Try again in {retry_after} seconds.",
            {"retry_after": retry_after},
        )


def count(session: Session, buckets: Sequence[Bucket], now: datetime | None = None) -> None:
    """Count one attempt in each of ``buckets`` (and drop a batch of closed windows)."""
    if not buckets:
        return
    now = now or utcnow()
    windows = {b.digest: now + timedelta(seconds=b.rule.window_seconds) for b in buckets}
    attempts.count_attempt(session, windows, now)
    attempts.purge_closed(session, now)


def succeeded(session: Session, buckets: Sequence[Bucket]) -> None:
    """Forget the buckets a success clears (the account's failed logins)."""
    attempts.forget(session, [b.digest for b in buckets if b.rule.resets_on_success])


def forget_account(session: Session, email: str) -> None:
    """Drop the counters keyed by the account (its failed logins), whatever the limits: a
    deleted account leaves no row behind."""
    attempts.forget(session, [_digest(LOGIN_ACCOUNT, email)])
