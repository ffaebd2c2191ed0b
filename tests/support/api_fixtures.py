"""HTTP fixtures shared by the API and end-to-end tests: the app on each database backend,
driven through a contract-checking client.

Specs are loaded and validated once per backend (``loaded_services``); the rows start-up
would write (lifts, program versions) are written by the ``lifts`` and ``catalog`` fixtures,
because ``db_engine`` empties every table after each test.
"""

from __future__ import annotations

import pytest

from api.app import create_app
from engine import lift_catalog
from engine.accounts import FAST_HASHING_ENV
from engine.bootstrap import bootstrap
from tests.support.http import ApiClient


@pytest.fixture(scope="session")
def loaded_services(shared_engine):
    return bootstrap(db=shared_engine, sync=False)


@pytest.fixture
def services(loaded_services, db_engine, monkeypatch):
    monkeypatch.setenv(FAST_HASHING_ENV, "1")  # argon2id at test cost: same code path, fast
    return loaded_services


@pytest.fixture
def app(services):
    return create_app(services)


@pytest.fixture
def client(app) -> ApiClient:
    return ApiClient(app)


@pytest.fixture
def lifts(services) -> list[tuple[str, str]]:
    """The lift catalog of specs/lifts.yaml, in the database."""
    rows = sorted((lift.slug, lift.name) for lift in services.catalog.lifts.values())
    lift_catalog.sync_lifts(services.uow(), rows)
    return rows


@pytest.fixture
def catalog(services, lifts):
    """Lifts and every program version in the database, as start-up leaves them (for E2E tests)."""
    services.catalog.sync(services.uow())
    return services.catalog
