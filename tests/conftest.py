"""Database fixtures: every database test runs on SQLite and, when configured, on PostgreSQL.

PostgreSQL comes from POWERPRO_TEST_POSTGRES_URL (or DATABASE_URL when it points at
PostgreSQL). With --require-postgres (as CI runs) a missing or unreachable server is an
error, never a skip.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from engine.db.connection import make_engine
from engine.db.migrations import Migrator
from engine.db.models import Base
from tests.support.databases import (
    drop_created_databases,
    fresh_postgres_database,
    fresh_sqlite_database,
    postgres_base_url,
    worker_suffix,
)

pytest_plugins = ["tests.support.api_fixtures"]

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_addoption(parser):
    parser.addoption(
        "--require-postgres",
        action="store_true",
        help="fail (never skip) when PostgreSQL is not configured or not reachable",
    )


def pytest_configure(config):
    if config.getoption("--require-postgres") and not postgres_base_url():
        raise pytest.UsageError("--require-postgres: set POWERPRO_TEST_POSTGRES_URL to a PostgreSQL server")


def pytest_sessionfinish(session, exitstatus):
    drop_created_databases()


def pytest_collection_modifyitems(config, items):
    _mark_recording_tests(items)
    _deselect_postgres_runs(config, items)


def _mark_recording_tests(items):
    """``examples``: the tests whose exchanges become the guide and the OpenAPI examples
    (tests/support/recording.py); `scripts/docs` runs just those."""
    for item in items:
        if {"frontend", "recorder"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.examples)


def _deselect_postgres_runs(config, items):
    """PostgreSQL runs are deselected (and reported so) without a configured server, and for
    tests marked ``sqlite_only`` (E2E programs outside the representative PostgreSQL subset)."""
    configured = bool(postgres_base_url())
    keep, drop = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgres = params is not None and "postgres" in params.params.values()
        skip_here = on_postgres and (not configured or item.get_closest_marker("sqlite_only"))
        (drop if skip_here else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def new_database(backend: str, name: str, tmp_path_factory) -> str:
    """A fresh, empty database of ``backend``, private to this xdist worker."""
    name = f"powerpro_{name}_{worker_suffix()}"
    if backend == "sqlite":
        return fresh_sqlite_database(tmp_path_factory.getbasetemp(), name)
    return fresh_postgres_database(postgres_base_url(), name)


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_url(request, tmp_path_factory) -> str:
    """A database migrated to the newest version, shared by the tests of one backend."""
    url = new_database(request.param, "shared", tmp_path_factory)
    migrator = Migrator(url)
    migrator.apply()
    migrator.close()
    return url


@pytest.fixture(scope="session")
def shared_engine(migrated_url):
    engine = make_engine(migrated_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_engine(shared_engine):
    """The shared migrated database, emptied after each test."""
    yield shared_engine
    with shared_engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(text(f"DELETE FROM {table.name}"))
