"""Login and registration throttling: counted in the database per account and per client
address, shared by every server, checked before any password is hashed."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import sessionmaker

from api.app import create_app
from engine import throttle
from engine.config import SettingError, Settings
from engine.db import attempts
from engine.db.connection import make_engine
from engine.db.models import AuthThrottle, utcnow
from tests.support.http import DEFAULT_PASSWORD, ApiClient, assert_problem, unique_email

PER_ACCOUNT, PER_ADDRESS, REGISTRATIONS, WINDOW = 3, 5, 4, 900
LIMITS = {"login_failures_per_account": PER_ACCOUNT, "login_failures_per_address": PER_ADDRESS,
          "login_throttle_window": WINDOW, "registrations_per_address": REGISTRATIONS,
          "registration_throttle_window": 3600}
WRONG = "not the password at all"
ATTACKER, NEIGHBOUR = "203.0.113.7", "198.51.100.20"


@pytest.fixture
def strict_services(services):
    """The test services with small limits, so a few requests reach them."""
    return replace(services, settings=replace(services.settings, **LIMITS))


@pytest.fixture
def server(strict_services) -> ApiClient:
    return ApiClient(create_app(strict_services))


@pytest.fixture
def second_server(strict_services, migrated_url):
    """Another app on the same database through its own engine and pool: another server."""
    engine = make_engine(migrated_url)
    own = replace(strict_services, db=engine, session_factory=sessionmaker(engine, expire_on_commit=False))
    yield ApiClient(create_app(own))
    engine.dispose()


@pytest.fixture
def hashing(monkeypatch) -> list[str]:
    """Every argon2 hash and verify the app runs from now on, by name."""
    calls: list[str] = []
    for name in ("hash", "verify"):
        monkeypatch.setattr(PasswordHasher, name, _counted(getattr(PasswordHasher, name), name, calls))
    return calls


def _counted(method, name: str, calls: list[str]):
    def wrapper(self, *args, **kwargs):
        calls.append(name)
        return method(self, *args, **kwargs)
    return wrapper


def login(client: ApiClient, email: str, password: str = WRONG, address: str = ATTACKER):
    return client.post("/auth/login", json={"email": email, "password": password}, remote_addr=address)


def register(client: ApiClient, email: str, address: str = ATTACKER):
    return client.post("/auth/register", json={"email": email, "password": DEFAULT_PASSWORD}, remote_addr=address)


def assert_throttled(result, window: int = WINDOW) -> dict:
    problem = assert_problem(result, 429, "too_many_attempts")
    retry_after = int(result.headers["retry-after"])
    assert 0 < retry_after <= window
    assert problem["retry_after"] == retry_after
    assert f"{retry_after} seconds" in problem["detail"]
    return problem


def test_an_account_is_refused_with_429_and_retry_after_once_it_has_failed_its_limit(server):
    lifter = server.register()
    for _ in range(PER_ACCOUNT):
        assert_problem(login(server, lifter.email), 401, "invalid_credentials")

    problem = assert_throttled(login(server, lifter.email, DEFAULT_PASSWORD))  # even the right password waits

    assert "for this account" in problem["detail"]
    assert_throttled(login(server, lifter.email.upper(), address=NEIGHBOUR))  # the account, from anywhere


def test_a_throttled_login_hashes_nothing(server, hashing):
    lifter = server.register()
    for _ in range(PER_ACCOUNT):
        login(server, lifter.email)
    hashing.clear()

    for _ in range(5):
        assert_throttled(login(server, lifter.email))

    assert hashing == []


def test_a_successful_login_resets_the_accounts_count(server):
    lifter = server.register()
    for _ in range(PER_ACCOUNT - 1):
        assert_problem(login(server, lifter.email), 401, "invalid_credentials")
    assert login(server, lifter.email, DEFAULT_PASSWORD).status_code == 200

    for _ in range(PER_ACCOUNT):
        assert_problem(login(server, lifter.email, address=NEIGHBOUR), 401, "invalid_credentials")
    assert_throttled(login(server, lifter.email, address=NEIGHBOUR))


def test_unknown_emails_are_throttled_like_accounts_so_refusals_reveal_no_account(server):
    email = unique_email("nobody")
    for _ in range(PER_ACCOUNT):
        assert_problem(login(server, email), 401, "invalid_credentials")
    assert_throttled(login(server, email))


def test_one_address_failing_across_many_accounts_is_refused_and_others_are_not(server):
    victim = server.register()
    for _ in range(PER_ADDRESS):
        assert_problem(login(server, unique_email("sprayed")), 401, "invalid_credentials")

    problem = assert_throttled(login(server, victim.email, DEFAULT_PASSWORD))

    assert "from your network address" in problem["detail"]
    assert login(server, victim.email, DEFAULT_PASSWORD, address=NEIGHBOUR).status_code == 200


def test_forwarded_for_headers_do_not_change_the_counted_address(server):
    for n in range(PER_ADDRESS):
        result = server.post("/auth/login", json={"email": unique_email(), "password": WRONG},
                             remote_addr=ATTACKER, headers={"X-Forwarded-For": f"192.0.2.{n}"})
        assert_problem(result, 401, "invalid_credentials")
    assert_throttled(server.post("/auth/login", json={"email": unique_email(), "password": WRONG},
                                 remote_addr=ATTACKER, headers={"X-Forwarded-For": "192.0.2.99"}))


PROXY = "10.0.0.5"


def test_behind_a_trusted_proxy_each_forwarded_client_is_counted_apart(strict_services):
    behind_proxy = ApiClient(create_app(replace(strict_services, settings=replace(
        strict_services.settings, trusted_proxies=(PROXY,)))))

    def through_proxy(client_ip: str):
        return behind_proxy.post("/auth/login", json={"email": unique_email(), "password": WRONG},
                                 remote_addr=PROXY, headers={"X-Forwarded-For": f"{client_ip}, {PROXY}"})

    for _ in range(PER_ADDRESS):
        assert_problem(through_proxy(ATTACKER), 401, "invalid_credentials")
    assert_throttled(through_proxy(ATTACKER))
    assert_problem(through_proxy(NEIGHBOUR), 401, "invalid_credentials")  # the proxy's other clients go on


def test_two_servers_on_one_database_share_the_count(server, second_server):
    lifter = server.register()
    for n in range(PER_ACCOUNT):
        assert_problem(login((server, second_server)[n % 2], lifter.email), 401, "invalid_credentials")

    assert_throttled(login(server, lifter.email))
    assert_throttled(login(second_server, lifter.email))


def test_the_count_starts_again_when_the_window_closes(server, db_engine):
    lifter = server.register()
    for _ in range(PER_ACCOUNT):
        login(server, lifter.email)
    assert_throttled(login(server, lifter.email))
    with db_engine.begin() as conn:
        conn.execute(update(AuthThrottle).values(expires_at=utcnow() - timedelta(seconds=1)))

    assert_problem(login(server, lifter.email), 401, "invalid_credentials")

    with db_engine.connect() as conn:
        counts = set(conn.execute(select(AuthThrottle.attempts, AuthThrottle.expires_at)))
    assert {n for n, _ in counts} == {1}  # account and address: a fresh window each
    assert all(expires > utcnow() + timedelta(seconds=WINDOW - 60) for _, expires in counts)


def test_registrations_are_counted_per_address_and_refused_before_hashing(server, hashing):
    email = unique_email()
    assert register(server, email).status_code == 201
    assert_problem(register(server, email), 409, "email_taken")  # refused attempts count too
    for _ in range(REGISTRATIONS - 2):
        assert register(server, unique_email()).status_code == 201
    hashing.clear()

    problem = assert_throttled(register(server, unique_email()), window=3600)

    assert "registrations" in problem["detail"] and hashing == []
    assert register(server, unique_email(), address=NEIGHBOUR).status_code == 201


def test_the_store_holds_digests_not_emails_or_addresses(server, db_engine):
    email = unique_email()
    login(server, email)
    with db_engine.connect() as conn:
        buckets = set(conn.scalars(select(AuthThrottle.bucket)))
    assert len(buckets) == 2 and all(len(b) == 64 and email not in b and ATTACKER not in b for b in buckets)


def test_a_limit_of_zero_turns_its_rule_off(strict_services):
    open_accounts = replace(strict_services, settings=replace(strict_services.settings, login_failures_per_account=0))
    client = ApiClient(create_app(open_accounts))
    lifter = client.register()
    for n in range(PER_ADDRESS):
        assert_problem(login(client, lifter.email, address=f"192.0.2.{n}"), 401, "invalid_credentials")
    assert login(client, lifter.email, DEFAULT_PASSWORD, address="192.0.2.200").status_code == 200


def test_concurrent_failures_are_all_counted(services):
    """The count is one atomic upsert: threads on their own connections lose no increment."""
    bucket = throttle.Limits.from_settings(Settings(**LIMITS)).at(ATTACKER).registration()
    threads, per_thread = 6, 5
    barrier = threading.Barrier(threads)

    def fail_repeatedly() -> None:
        barrier.wait()
        for _ in range(per_thread):
            with services.uow() as uow:
                throttle.count(uow.session, bucket)
                uow.commit()

    workers = [threading.Thread(target=fail_repeatedly) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)

    assert not any(worker.is_alive() for worker in workers)
    with services.uow() as uow:
        assert uow.session.scalar(select(AuthThrottle.attempts)) == threads * per_thread


def test_each_counted_failure_purges_a_bounded_batch_of_closed_windows(services):
    past = utcnow() - timedelta(minutes=1)
    with services.uow() as uow:
        uow.session.add_all(AuthThrottle(bucket=f"{n:064x}", attempts=1, expires_at=past)
                            for n in range(attempts.PURGE_BATCH + 20))
        uow.commit()

    with services.uow() as uow:
        throttle.count(uow.session, throttle.Limits.from_settings(Settings(**LIMITS)).at(ATTACKER).login("a@b.c"))
        uow.commit()

    with services.uow() as uow:
        closed = uow.session.scalar(select(func.count()).where(AuthThrottle.expires_at <= utcnow()))
        live = uow.session.scalar(select(func.count()).where(AuthThrottle.expires_at > utcnow()))
    assert (closed, live) == (20, 2)


@pytest.mark.parametrize(("remote_addr", "key"), [
    ("203.0.113.7", "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),  # the same host's /64
    ("::ffff:203.0.113.7", "203.0.113.7"),
    ("", throttle.UNKNOWN_ADDRESS),
])
def test_an_address_counts_as_itself_or_its_ipv6_slash_64(remote_addr, key):
    assert throttle.address_key(remote_addr) == key


def test_every_key_has_a_digest_even_a_lone_surrogate():
    limits = throttle.Limits.from_settings(Settings(**LIMITS))
    buckets = limits.at("\ud800").login("\ud800@example.com")
    assert [len(bucket.digest) for bucket in buckets] == [64, 64]


@pytest.mark.parametrize("value", ["many", "-1"])
def test_a_bad_limit_setting_stops_start_up_with_one_line(monkeypatch, value):
    monkeypatch.setenv("POWERPRO_LOGIN_FAILURES_PER_ACCOUNT", value)
    with pytest.raises(SettingError, match="POWERPRO_LOGIN_FAILURES_PER_ACCOUNT"):
        Settings()
